# Why a request is refused: the current state (AppError::Conflict), a gone link (Gone), a query out of range (BadInput).
err-exists = Cet élément existe déjà.
err-partnership-exists = Ces deux territoires ont déjà un partenariat.
err-waitlist-places-left = Il reste assez de places : réservez-les directement.
err-email-unverified = Confirmez d'abord votre adresse e-mail (avec le lien que nous vous avons envoyé).
err-departure-cancelled = Ce départ est annulé.
err-departure-started = Ce départ a déjà eu lieu.
err-booking-not-active = Cette réservation n'est plus active : rien à annuler.
err-changed-meanwhile = Quelqu'un a fait une modification entre-temps : vérifiez la page à jour et recommencez.
err-message-not-failed = Seuls les messages en échec peuvent être renvoyés.
err-training-started = Cette formation a déjà commencé.
err-registration-cancelled = Cette inscription est déjà annulée.
err-campaign-wrong-state = Cette action n'est pas possible dans l'état actuel de la commande.
err-campaign-not-closed = La commande n'est pas encore clôturée.
err-campaign-closed = La commande est clôturée : les paniers ne peuvent plus changer.
err-campaign-not-open-yet = La commande ouvre le { $opens }.
err-nothing-owed = Plus rien n'est dû sur cette demande.
err-no-bank-account-yet = Le partenariat { $partnership } n'a pas encore de compte bancaire.
err-line-applied = Cette ligne du relevé est déjà imputée.
err-already-verified = Cette adresse est déjà confirmée.
err-link-expired = Ce lien a expiré.
err-link-used = Ce lien a déjà servi.
err-unpaid-shares = { $count ->
    [one] Une part n'est pas encore réglée (impayée, payée en partie ou en trop).
   *[other] { $count } parts ne sont pas encore réglées (impayées, payées en partie ou en trop).
}
error-back = Revenir à la page précédente
err-year-between = Donnez une année entre { $min } et { $max }.
