"""Building a campaign, as named steps: `plan` (every output the kinds in `kinds` plan, and the
selection a partial build makes), `schedule` (made in dependency order and in parallel, by
`make`, in `workers`), the cache and `manifest`, the output `folder` and its atomic swap,
the `record` of the last build; `pipeline.build` runs them, `session.build` is what
`packpack build` does (the record replayed, the lints beside the build)."""
