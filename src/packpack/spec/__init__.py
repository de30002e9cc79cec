"""The spec: the model of `campaign.yaml` (every field with its documentation), the loader
that checks a file against it, the built-in platforms and sizes, phone numbers, the JSON
Schema, and the example campaign. Knows nothing of pixels, PDFs or zips."""
