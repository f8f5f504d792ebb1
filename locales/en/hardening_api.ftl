payment-flag-other-amount = Not the amount asked
