"""contractmgr: contracts and procurement of municipal IT operations and maintenance (运维).

The package imports nothing: the domain (`contractmgr.domain`) and the importers load without Flask;
the web application is put together by `contractmgr.factory.create_app`."""
