payment-flag-other-amount = Pas le montant demandé
