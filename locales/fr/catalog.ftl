# catalog
unit-languages-hint = Écrivez-la dans les langues que vous connaissez : chaque lecteur la voit dans sa langue, sinon en français.
product-photo = Photo du produit
product-photo-again = Choisissez à nouveau la photo : le navigateur ne la garde pas quand le formulaire revient.
flash-photo-already = Cette photo est déjà là : elle n’est gardée qu’une fois.
flash-product-saved-with-photo = Produit enregistré avec sa photo.
approval-title = Approbation
approval-pending-text = la coordination du partenariat examine le profil.
approval-rejected-text = la coordination du partenariat n’a pas approuvé ce profil : corrigez-le et demandez un nouvel examen.
approval-approved-text = les produits apparaissent au catalogue.
approval-reason = Motif :
approval-missing = Il manque encore au profil :
approval-complete = Compléter le profil
approval-resubmit = Demander un nouvel examen
approval-withdraw = Retirer l’approbation
producer-waiting-for = Pas encore possible : il manque { $missing }.
gap-description = une présentation
gap-contact = un e-mail ou un téléphone de contact
gap-odco-number = le numéro ODCo
gap-photo = une photo
gap-products = des produits au catalogue
flash-producer-resubmitted = Demande envoyée : la coordination du partenariat va examiner à nouveau le profil.
err-producer-incomplete = Le profil doit d’abord avoir une présentation et un contact (e-mail ou téléphone).
err-producer-already-reviewed = Ce producteur a déjà été examiné : la page montre son état actuel.
err-producer-not-rejected = Ce profil n’est pas refusé : il n’y a rien à redemander.
err-review-reason-required = Donnez le motif du refus : il est envoyé au producteur.
photos-count = { $count ->
    [one] 1 photo sur { $max }
   *[other] { $count } photos sur { $max }
}
approval-reviewed-on = Examiné le { $date }.
space-producer-pending = En attente de l’approbation de la coordination du partenariat.
space-producer-pending-missing = En attente d’approbation ; il manque encore { $missing }.
space-producer-rejected = Refusé : « { $note } ». Corrigez le profil et demandez un nouvel examen.
space-producer-complete = Approuvé ; à compléter : { $missing }.
space-producer-approved = Approuvé le { $date }.
space-product-no-photo = Sans photo : ajoutez-en une pour le catalogue.
space-product-no-price = Sans prix : indiquez-le.
space-review-producer = Attend votre approbation ({ $partnership }), inscrit le { $date }.
space-review-producer-missing = Inscrit le { $date } ({ $partnership }) ; il lui manque encore { $missing } pour être approuvé.
