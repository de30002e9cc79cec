"""QR codes: the module matrix first (`matrix`), then a table of writers by file format
(`writers`), then the build's outputs (`outputs`)."""
