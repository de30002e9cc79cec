"""Drawing what the plans say: the post graphics and the contact sheet (`graphics`), the QR
codes (`qr/`) and the stakeholder pack's PDFs (`pdf/`). Each kind plans its own `Output`s
and makes their bytes; none of it knows of zips, the build's folders or the cache's files."""
