"""Errors the library reports to its callers; each message is one line meant for a person."""


class ZanError(Exception):
    """Base class: anything the user can fix (bad query, bad file, missing index...)."""


class QueryError(ZanError):
    pass


class IndexMissingError(ZanError):
    pass


class IndexLockedError(ZanError):
    pass


class IndexDamagedError(ZanError):
    pass


class IngestError(ZanError):
    pass
