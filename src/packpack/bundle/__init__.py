"""Partner bundles: what one partner's bundle holds as plain values (`contents`), then its
README (`readme`), preview page (`html`) and calendar (`ics`), streamed into a reproducible
zip (`archive`); `outputs` plans one bundle per partner. Knows nothing of how the files it
packs were made."""
