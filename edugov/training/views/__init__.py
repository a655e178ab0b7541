"""The module's pages, by sub-domain: ``registry`` (institutions, staff), ``money``
(statements, the reconciliation), ``field`` (plans, inspection records, findings,
complaints), ``public`` (the lookup and the complaint form, no login) and
``afterschool`` (课后服务)."""
