import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

# this is the Alembic Config object, which provides
# access to the values within the .ini file in use.
config = context.config

# Interpret the config file for Python logging.
# This line sets up loggers basically.
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")


def get_engine():
    return current_app.extensions["migrate"].db.engine


def get_engine_url():
    return get_engine().url.render_as_string(hide_password=False).replace("%", "%%")


# add your model's MetaData object here
# for 'autogenerate' support
# from myapp import mymodel
# target_metadata = mymodel.Base.metadata
config.set_main_option("sqlalchemy.url", get_engine_url())
target_db = current_app.extensions["migrate"].db

# other values from the config, defined by the needs of env.py,
# can be acquired:
# my_important_option = config.get_main_option("my_important_option")
# ... etc.


def get_metadata():
    return target_db.metadata


def render_item(type_, obj, autogen_context):
    """Write our column types (Money, Ratio) as the plain SQLAlchemy types they decorate,
    so that migrations never import the application."""
    from sqlalchemy.types import TypeDecorator

    if type_ == "type" and isinstance(obj, TypeDecorator):
        impl = obj.impl
        return f"sa.{impl.__class__.__name__}(precision={impl.precision}, scale={impl.scale})"
    return False


def include_object(obj, name, type_, reflected, compare_to):
    """Leave the search's trigram indexes (PostgreSQL only, made by their migration, not declared on
    the models) out of autogenerate, so it never proposes dropping them."""
    return not (type_ == "index" and reflected and compare_to is None and (name or "").startswith("trgm_"))


def run_migrations_offline():
    """Run migrations in 'offline' mode.

    This configures the context with just a URL
    and not an Engine, though an Engine is acceptable
    here as well.  By skipping the Engine creation
    we don't even need a DBAPI to be available.

    Calls to context.execute() here emit the given string to the
    script output.

    """
    url = config.get_main_option("sqlalchemy.url")
    context.configure(url=url, target_metadata=get_metadata(), literal_binds=True)

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run migrations in 'online' mode.

    In this scenario we need to create an Engine
    and associate a connection with the context.

    """

    # this callback is used to prevent an auto-migration from being generated
    # when there are no changes to the schema
    # reference: http://alembic.zzzcomputing.com/en/latest/cookbook.html
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = current_app.extensions["migrate"].configure_args
    conf_args.setdefault("render_item", render_item)
    conf_args.setdefault("compare_type", True)
    conf_args.setdefault("include_object", include_object)
    if conf_args.get("process_revision_directives") is None:
        conf_args["process_revision_directives"] = process_revision_directives

    connectable = get_engine()

    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=get_metadata(), **conf_args)

        with context.begin_transaction():
            context.run_migrations()
            keep_delete_guards(connection)
            fill_missing_milestone_states(connection)


def keep_delete_guards(connection):
    """Once the nothing-is-deleted revision is applied, every table but the exempt ones keeps its trigger
    refusing DELETE: a later migration may have recreated a table (SQLite batch mode) or added one."""
    from contractmgr.retention import GUARD_REVISION, guard_deletes

    heads = context.get_context().get_current_heads()
    if heads and any(r.revision == GUARD_REVISION for r in context.script.iterate_revisions(heads, "base")):
        guard_deletes(connection)


def fill_missing_milestone_states(connection):
    """At head, compute the state of every milestone that has none (those on file when the milestone_states
    revision added the table), with the application's rules on this connection: in the upgrade's transaction
    on PostgreSQL; on SQLite, where each revision committed its own, in one of its own. Only at head: there
    the application's models describe the schema; a revision never imports them."""
    heads = context.get_context().get_current_heads()
    if not heads or set(heads) != set(context.script.get_heads()):
        return
    from sqlalchemy.orm import Session

    from contractmgr.extensions import db
    from contractmgr.services.milestone_state import refresh_missing

    db.session.registry.set(Session(bind=connection))
    try:
        refresh_missing()
        db.session.flush()
    finally:
        db.session.close()
        db.session.registry.clear()
    if not context.get_context().impl.transactional_ddl:
        connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
