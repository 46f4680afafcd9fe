"""Drop-in steps for distributed engines: `boilerkit.integrations.datatrove` and
`boilerkit.integrations.spark`. Each loads the model lazily, once per worker process,
and records the same per-document figures as `boilerkit clean --input`."""
