# space
