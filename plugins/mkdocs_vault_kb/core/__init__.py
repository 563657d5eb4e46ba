"""The vault pipeline, independent of MkDocs: index -> resolve -> embed -> syntax -> graph."""
