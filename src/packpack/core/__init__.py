"""What every stage shares and nothing else: errors, output paths, the build cache's store,
prose markup, colour arithmetic, font character maps. Imports nothing of packpack's stages."""
