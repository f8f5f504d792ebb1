err-too-many-signups = Te veel registraties van hieruit of voor dit adres. Probeer het over een minuut opnieuw.
