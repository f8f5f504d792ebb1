# Shipments: purchase orders carried from the cooperatives to the Belgian pickup points.
shipments-title = Expéditions — { $partnership }
shipments-lead = Une expédition rassemble les bons de commande confirmés de producteurs et les suit de la coopérative jusqu'aux points d'enlèvement.
shipments-none = Aucune expédition pour l'instant.
shipments-new = Nouvelle expédition
shipments-link = Expéditions
shipment-origin = Région de départ
shipment-carrier = Transporteur
shipment-expected-on = Arrivée prévue
shipment-create = Créer l'expédition
shipment-orders-count = { $count ->
    [one] { $count } bon de commande
   *[other] { $count } bons de commande
}
shipment-title = Expédition { $reference }
shipment-created-on = Créée le { $date }
shipment-contents = Contenu
shipment-producer = Producteur
shipment-product = Produit
shipment-hs-code = Code SH
shipment-units = Unités
shipment-cases = Colis
shipment-net = Poids net
shipment-gross = Poids brut
shipment-value = Valeur déclarée
shipment-total = Total
shipment-total-of = Total { $producer }
shipment-kg = { $kg } kg
shipment-purchase-orders = Bons de commande
shipment-campaign = Commande groupée
shipment-no-orders = Aucun bon de commande dans cette expédition.
shipment-remove = Retirer
shipment-add-orders = Ajouter des bons de commande
shipment-add = Ajouter
shipment-no-waiting = Aucun bon de commande confirmé n'attend d'expédition.
shipment-not-preparing = L'expédition n'est plus en préparation : ses bons de commande ne changent plus.
shipment-timeline = Suivi
shipment-next-step = Étape suivante : { $step }
shipment-record = Enregistrer l'étape
shipment-step-date = Date
shipment-step-note = Note (facultative)
shipment-done = Expédition distribuée : plus rien à faire.
shipment-needs-orders = Ajoutez au moins un bon de commande avant d'enregistrer la collecte.
shipment-step-preparing = En préparation
shipment-step-collected = Collectée
shipment-step-export-cleared = Dédouanée à l'export
shipment-step-in-transit = En route
shipment-step-import-cleared = Dédouanée à l'import
shipment-step-arrived = Arrivée
shipment-step-distributed = Distribuée
shipment-where = Vos produits voyagent : { $step } (expédition { $reference }).
shipment-where-expected = Arrivée prévue le { $date }.
flash-shipment-created = Expédition créée.
flash-shipment-order-added = Bon de commande ajouté à l'expédition.
flash-shipment-order-removed = Bon de commande retiré de l'expédition.
flash-shipment-step = Étape enregistrée.
err-shipment-step-final = L'expédition est distribuée : il n'y a plus d'étape à enregistrer.
err-shipment-step-done = Cette étape est déjà enregistrée. L'étape suivante est : { $next ->
    [collected] collectée
    [export_cleared] dédouanée à l'export
    [in_transit] en route
    [import_cleared] dédouanée à l'import
    [arrived] arrivée
   *[other] distribuée
}.
err-shipment-step-skipped = Les étapes s'enregistrent dans l'ordre : l'étape suivante est { $next ->
    [collected] collectée
    [export_cleared] dédouanée à l'export
    [in_transit] en route
    [import_cleared] dédouanée à l'import
    [arrived] arrivée
   *[other] distribuée
}.
err-shipment-step-before = Cette date est antérieure à l'étape précédente ({ $date }).
err-shipment-step-unknown = Choisissez une étape de la liste.
err-shipment-empty = L'expédition ne contient aucun bon de commande : ajoutez-en avant de la faire partir.
err-shipment-not-preparing = L'expédition n'est plus en préparation : ses bons de commande ne changent plus.
err-shipment-no-such-campaign = Cette commande groupée n'existe pas.
err-shipment-campaign-not-confirmed = La commande « { $campaign } » n'est pas confirmée : tous les producteurs doivent d'abord confirmer leur bon de commande.
err-shipment-order-empty = Ce producteur n'a rien à livrer pour cette commande.
err-shipment-order-taken = Ce bon de commande est déjà dans l'expédition { $shipment }.
err-shipment-order-taken-meanwhile = Ce bon de commande vient d'être ajouté à une autre expédition.
err-hs-code = Un code SH compte de 6 à 10 chiffres.
field-hs-code = Code douanier (SH)
hs-code-hint = 6 à 10 chiffres, pour les papiers des expéditions (par exemple 1515 90 pour l'huile d'argan).
field-case-tare = Poids de l'emballage d'un colis (grammes)
case-tare-hint = Carton et calage d'un colis, pour le poids brut des expéditions.
shipment-order-units = { $count ->
    [one] { $count } unité
   *[other] { $count } unités
}
space-area-shipments = Expéditions
space-shipments-waiting = { $count ->
    [one] Un bon de commande confirmé attend une expédition.
   *[other] { $count } bons de commande confirmés attendent une expédition.
}
