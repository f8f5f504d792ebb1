# catalog
unit-languages-hint = Schrijf ze in de talen die u kent: elke lezer ziet ze in zijn taal, anders in het Frans.
