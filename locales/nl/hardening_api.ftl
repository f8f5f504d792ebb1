payment-flag-other-amount = Niet het gevraagde bedrag
