# payments: treasurers' books, a request's page, the pay page, receipts
books-group-intro = Les membres du groupe paient leurs parts sur le compte du groupe : ses coordinateurs tiennent ces comptes (relevés, virements reçus, remboursements) pour les parts du groupe uniquement.
books-find = Retrouver un paiement
books-find-label = Communication structurée ou référence
books-find-hint = Telle qu'elle figure sur le relevé : +++916/8155/66569+++, 916/8155/66569 ou 916815566569.
books-find-submit = Chercher
books-import-applied = { $count ->
    [0] Aucun paiement appliqué,
    [one] 1 paiement appliqué,
   *[other] { $count } paiements appliqués,
}
books-import-unmatched = { $count ->
    [0] aucune ligne à rapprocher,
    [one] 1 ligne à rapprocher,
   *[other] { $count } lignes à rapprocher,
}
books-import-ignored = { $count ->
    [0] aucune ignorée,
    [one] 1 ignorée,
   *[other] { $count } ignorées,
}
books-import-again = { $count ->
    [0] aucune déjà importée.
    [one] 1 déjà importée.
   *[other] { $count } déjà importées.
}
books-line-error-unreadable = Ligne { $n } : illisible.
books-line-error-date = Ligne { $n } : « { $value } » n'est pas une date (écrivez 29/11/2026 ou 2026-11-29).
books-line-error-amount = Ligne { $n } : « { $value } » n'est pas un montant (écrivez 12,50).
books-to-refund = À rembourser
books-holds = reçu { $amount }
books-excess = { $amount } de trop
books-unmatched-hint = Ces virements ne portent aucune communication connue : indiquez à quel paiement chacun correspond.
books-open-request = Ouvrir le paiement
books-owed = Dû
books-status = État
books-waived = { $amount } déduits par remboursement
books-refunded-part = dont { $amount } remboursés
books-listed-max = Les { $count } paiements les plus récents sont affichés : retrouvez les autres par leur communication.
books-import-blocked-group = Le groupe n'a pas de compte bancaire à lui : ses membres paient sur le compte du partenariat, dont les trésoriers importent les relevés. Indiquez le compte du groupe sur la page du groupe pour importer ses relevés ici.
books-import-blocked-partnership = Indiquez d'abord le compte bancaire du partenariat (plus bas).
books-refund-still-owed = Le membre doit encore ce montant (ne pas le déduire de ce qui est dû)
books-refund-owed-hint = Sans cette case, le remboursement diminue ce qui est dû : le membre n'aura pas à repayer le montant remboursé.
books-group-account = Compte bancaire du groupe
books-group-account-change = Modifier le compte sur la page du groupe
request-title = Paiement demandé
request-created = Demandé le
request-payer-view = Voir la page de paiement du membre
request-actions = Que faire maintenant
request-nothing-to-do = Rien à faire : ce paiement est réglé.
request-cancel-hint = Plus rien ne sera dû. L'argent déjà reçu reste à rembourser.
request-payments = Paiements reçus
request-no-payments = Aucun paiement reçu pour l'instant.
request-refunds = Remboursements
action-refund = Rembourser
action-cancel = Annuler la demande
action-blocked-nothing-paid = Rien n'a encore été payé : rien à rembourser.
action-blocked-card-off = Le paiement par carte n'est pas encore disponible : payez par virement.
action-blocked-nothing-owed = Plus rien n'est dû.
payment-method-bank = Virement
payment-method-stripe = Carte (Stripe)
refund-status-pending = à faire
refund-status-done = fait
refund-status-failed = échoué
payment-flag-cancelled = Reçu après l'annulation : à rembourser
payment-flag-already-paid = Reçu alors que tout était payé
payment-flag-more-than-owed = Plus que ce qui était dû
pay-asked = Montant demandé
pay-waived = Déduit par remboursement
pay-refunded = Remboursé
pay-receipt-link = Reçu imprimable
pay-card-amount = Payer { $amount } par carte ou Bancontact
pay-cancelled = Cette demande est annulée : plus rien n'est dû.
receipt-title = Reçu de paiement
receipt-from = Payé par
receipt-paid = Total payé
receipt-date = Date
receipt-method = Moyen
receipt-refund = Remboursement
receipt-issued = Établi le { $date }
receipt-reference = référence { $reference }
receipt-back = Revenir au paiement
flash-request-cancelled = Demande annulée : plus rien n'est dû.
group-payments-link = Comptes et paiements du groupe
err-ogm-check-digits = Cette communication structurée ne passe pas le contrôle (les deux derniers chiffres) : vérifiez-la sur le relevé.
err-group-no-own-account = Le groupe n'a pas de compte bancaire à lui : ses relevés sont ceux du partenariat.
err-request-not-cancellable = Cette demande est déjà réglée, remboursée ou annulée : elle ne peut plus être annulée.
err-nothing-paid-yet = Rien n'a encore été payé : pas de reçu pour l'instant.
space-pay-left = Reste à payer : { $amount }
space-pay-left-by = Reste à payer : { $amount }, avant le { $date }
space-paid = Payé { $amount } (le { $date })
space-lines-to-match = { $count ->
    [one] 1 ligne de relevé à rapprocher à la main
   *[other] { $count } lignes de relevé à rapprocher à la main
}
space-to-refund = À rembourser : { $amount } ({ $books })
space-refund-by-hand = Virement de remboursement à faire : { $amount } (communication { $ogm })
