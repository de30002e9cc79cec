"""Plans: a post's graphic as numbers, before anything is drawn. `compose` places the words,
the help callout and the logo strip; `fit` and `typeset` set text; `logos` spreads the logo
strip; `legibility` holds the rules a plan keeps; `graphic` holds the plain values."""
