err-too-many-signups = Te veel registraties van hieruit of voor dit adres. Probeer het over een minuut opnieuw.
photos-confirm-first = Bevestig eerst uw e-mailadres met de link die we u stuurden voordat u foto’s toevoegt (nodig zolang de producent niet is goedgekeurd).
photos-confirm-where = Uw account
