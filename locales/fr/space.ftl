# space: a person's own page (/me)
space-title = Mon espace
space-hello = Bonjour { $name }
space-settings = Mon compte : nom, langue, adresse, mot de passe, jetons
space-todo = À faire
space-done = Ce que j'ai fait
space-nothing-to-do = Rien à faire pour l'instant.
space-nothing-done = Rien encore.
space-start = Pour commencer :
space-start-catalogue = découvrir les produits des coopératives
space-start-groups = rejoindre un groupe d'achat
space-start-trips = réserver un séjour solidaire
space-start-practices = lire les pratiques des territoires
space-area-account = Mon compte
space-area-admin = Administration
space-area-orders = Commandes groupées
space-area-groups = Groupes d'achat
space-area-producers = Producteurs
space-area-catalog = Catalogue
space-area-payments = Paiements
space-area-treasury = Trésorerie
space-area-trips = Séjours
space-area-hosting = Séjours que j'accueille
space-area-fund = Fonds communautaire
space-area-practices = Échange de pratiques
space-area-network = Réseau
space-area-trainings = Formations
space-verify-title = Confirmer mon adresse e-mail
space-verify-detail = Ouvrez le lien envoyé à { $email } : il le faut pour commander et réserver.
space-failed-mail-title = E-mails non envoyés
space-failed-mail-detail = { $count ->
    [one] Un message n'a pas pu être envoyé : voyez-le et renvoyez-le.
   *[other] { $count } messages n'ont pas pu être envoyés : voyez-les et renvoyez-les.
}
