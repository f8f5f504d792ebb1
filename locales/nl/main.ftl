site-name = Passerelle
