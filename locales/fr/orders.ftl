# orders: collective orders (campaigns, baskets, purchase orders)
err-nothing-to-confirm = Ce producteur n'a rien à fournir pour cette commande : il n'a rien à confirmer.
err-sold-out = Épuisé : le stock du producteur ne permet plus d'en commander.
err-stock-left = { $count ->
    [one] Il n'en reste qu'{ $count } unité : demandez-en au plus autant.
   *[other] Il n'en reste que { $count } unités : demandez-en au plus autant.
}
err-producers-not-confirmed = { $count ->
    [one] Un producteur n'a pas encore confirmé sa commande.
   *[other] { $count } producteurs n'ont pas encore confirmé leur commande.
}
cancel-reason-nothing = Aucun carton n'a pu être commandé.
campaign-closes-on = Clôture le { $date }
campaign-vat = TVA { $rate }
stock-sold-out = Épuisé
stock-left = { $count ->
    [one] plus qu'{ $count } disponible
   *[other] plus que { $count } disponibles
}
basket-save = Enregistrer mon panier
basket-not-saved = { $count ->
    [one] Rien n'est enregistré : corrigez la ligne signalée.
   *[other] Rien n'est enregistré : corrigez les { $count } lignes signalées.
}
limited-not-completed = carton incomplet
campaign-waiting-producers = { $count ->
    [one] En attente de la confirmation de :
   *[other] En attente de la confirmation de { $count } producteurs :
}
flash-campaign-shipped = La commande est marquée comme expédiée.
flash-order-shipped = Merci : la commande est marquée comme expédiée.
orders-colon =  :
order-state-to_confirm = À confirmer
order-state-waiting = Confirmée, en attente des autres producteurs
order-state-to_ship = À expédier
order-state-shipped = Expédiée
order-state-delivered = Livrée
order-state-settled = Soldée
order-state-cancelled = Annulée
orders-confirmed-title = Ce que vous avez confirmé
orders-sent-title = Votre bon de commande
orders-change = Modifier ma confirmation
orders-ship = Marquer comme expédiée
orders-shipped-hint = Le groupe enregistrera la livraison à l'arrivée des marchandises.
orders-units = { $n ->
    [one] { $n } unité
   *[other] { $n } unités
}
csv-yes = oui
csv-no = non
mail-po-subject = Nouveau bon de commande : { $title } ({ $group })
mail-po-intro = La commande « { $title } » de { $group } est clôturée le { $closed-at }. Voici ce qu'elle demande à { $producer } :
mail-po-total = Total : { $amount }
mail-po-delivery = Livraison prévue le { $delivery-on }.
mail-po-action-hint = Confirmez la commande, ou baissez une quantité si vous ne pouvez pas tout fournir : les parts des membres seront recalculées.
mail-po-action = Voir et confirmer la commande
mail-campaign-cancelled_nothing-subject = Aucun carton commandé : { $title } est annulée
mail-campaign-cancelled_nothing-intro = La campagne « { $title } » de { $group } est clôturée sans qu'aucun carton ait pu être commandé (stock, minimum des producteurs ou cartons incomplets) : elle est donc annulée. Vous ne devez rien à ce titre.
space-orders-basket-empty = Panier à remplir avant le { $date }
space-orders-basket-filled = { $count ->
    [one] Votre panier : 1 produit, modifiable jusqu'au { $date }
   *[other] Votre panier : { $count } produits, modifiable jusqu'au { $date }
}
space-orders-result = { $state } · { $amount } · { $payment }
space-orders-next-draft = Ouverture le { $date }
space-orders-next-open = Ouverte ; clôture le { $date }
space-orders-next-closed = { $count ->
    [0] Clôturée
    [one] En attente d'un producteur
   *[other] En attente de { $count } producteurs
}
space-orders-next-confirmed = À marquer comme expédiée (livraison le { $date })
space-orders-next-shipped = Livraison à enregistrer (prévue le { $date })
space-orders-next-delivered = { $count ->
    [0] À solder
    [one] À solder quand la dernière part sera payée
   *[other] À solder : { $count } parts pas encore payées
}
space-orders-group = { $count ->
    [0] Groupe coordonné
    [one] Groupe coordonné · 1 commande
   *[other] Groupe coordonné · { $count } commandes
}
space-orders-po-to-confirm = Bon de commande à confirmer · { $cases } · livraison le { $date }
space-orders-po-waiting = Confirmé, en attente des autres producteurs · { $cases }
space-orders-po-to-ship = À expédier · { $cases } · livraison le { $date }
space-orders-po-shipped = Expédié · { $cases } · livraison le { $date }
space-orders-po-delivered = Livré · { $cases }
space-orders-po-settled = Soldé · { $cases }
space-orders-po-cancelled = Annulé · { $cases }
campaign-title-suggestion = Commande { $of-month }
basket-running = Mon panier :
