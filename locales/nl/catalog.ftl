# catalog
