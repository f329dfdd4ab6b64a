"""One function per user action: load, call the domain, write (and so audit). Services flush, never commit."""
