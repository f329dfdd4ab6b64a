"""Everything a person reads, in their language: the sentences for the stable codes that the domain,
the services and the importer raise (`messages.MESSAGES`, `messages.explain`), and the labels and
sentences each area shows (`labels`, `procurement`, `finance`, `imports`, `supplier`,
`deadlines`).

The pages, the API, the CLI and the document writers all read their wording here; nothing in this
package imports `contractmgr.web`, so the layers below the web (exports, the import command) can
use it too. Chinese is the source text (gettext msgid); English is in translations/en.
"""
