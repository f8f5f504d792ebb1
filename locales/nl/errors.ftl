# Why a request is refused: the current state (AppError::Conflict), a gone link (Gone), a query out of range (BadInput).
err-exists = Dit bestaat al.
err-partnership-exists = Deze twee gebieden hebben al een partnerschap.
err-waitlist-places-left = Er zijn nog genoeg plaatsen: boek ze meteen.
err-email-unverified = Bevestig eerst uw e-mailadres (met de link die we u stuurden).
err-departure-cancelled = Dit vertrek is geannuleerd.
err-departure-started = Dit vertrek is al voorbij.
err-booking-not-active = Deze boeking is niet meer actief: er valt niets te annuleren.
err-changed-meanwhile = Iemand heeft intussen iets gewijzigd: bekijk de bijgewerkte pagina en probeer opnieuw.
err-message-not-failed = Alleen mislukte berichten kunnen opnieuw verstuurd worden.
err-training-started = Deze opleiding is al begonnen.
err-registration-cancelled = Deze inschrijving is al geannuleerd.
err-campaign-wrong-state = Dit kan niet in de huidige stand van de bestelling.
err-campaign-not-closed = De bestelling is nog niet afgesloten.
err-campaign-closed = De bestelling is afgesloten: manden kunnen niet meer wijzigen.
err-campaign-not-open-yet = De bestelling opent op { $opens }.
err-nothing-owed = Op dit verzoek is niets meer verschuldigd.
err-no-bank-account-yet = Het partnerschap { $partnership } heeft nog geen bankrekening.
err-line-applied = Deze lijn van het uittreksel is al verwerkt.
err-already-verified = Dit adres is al bevestigd.
err-link-expired = Deze link is verlopen.
err-link-used = Deze link is al gebruikt.
err-unpaid-shares = { $count ->
    [one] Eén aandeel is nog niet vereffend (onbetaald, deels of te veel betaald).
   *[other] { $count } aandelen zijn nog niet vereffend (onbetaald, deels of te veel betaald).
}
error-back = Terug naar de vorige pagina
err-year-between = Geef een jaartal tussen { $min } en { $max }.
