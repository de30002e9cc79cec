"""`packpack preview`: a page on 127.0.0.1 that shows every output of a campaign and refreshes
itself as the designer edits the spec (`serve`), rebuilt in one warm process (`live`), drawn
as plain HTML from plain values (`page`)."""
