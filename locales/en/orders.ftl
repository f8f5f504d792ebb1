# orders: collective orders (campaigns, baskets, purchase orders)
err-nothing-to-confirm = This producer has nothing to supply for this order: there is nothing to confirm.
err-sold-out = Sold out: the producer's stock cannot serve any more.
err-stock-left = { $count ->
    [one] Only { $count } unit is left: ask for that many at most.
   *[other] Only { $count } units are left: ask for that many at most.
}
err-producers-not-confirmed = { $count ->
    [one] One producer has not confirmed its order yet.
   *[other] { $count } producers have not confirmed their order yet.
}
cancel-reason-nothing = Not a single case could be ordered.
campaign-closes-on = Closes on { $date }
campaign-vat = VAT { $rate }
stock-sold-out = Sold out
stock-left = { $count ->
    [one] only { $count } left
   *[other] only { $count } left
}
basket-save = Save my basket
basket-not-saved = { $count ->
    [one] Nothing was saved: correct the line shown.
   *[other] Nothing was saved: correct the { $count } lines shown.
}
limited-not-completed = case not completed
campaign-waiting-producers = { $count ->
    [one] Waiting for the confirmation of:
   *[other] Waiting for the confirmation of { $count } producers:
}
flash-campaign-shipped = The order is marked as shipped.
flash-order-shipped = Thank you: the order is marked as shipped.
orders-colon = :
order-state-to_confirm = To confirm
order-state-waiting = Confirmed, waiting for the other producers
order-state-to_ship = To ship
order-state-shipped = Shipped
order-state-delivered = Delivered
order-state-settled = Settled
order-state-cancelled = Cancelled
orders-confirmed-title = What you confirmed
orders-sent-title = Your purchase order
orders-change = Change my confirmation
orders-ship = Mark as shipped
orders-shipped-hint = The group records the delivery when the goods arrive.
orders-units = { $n ->
    [one] { $n } unit
   *[other] { $n } units
}
csv-yes = yes
csv-no = no
mail-po-subject = New purchase order: { $title } ({ $group })
mail-po-intro = The order "{ $title }" of { $group } closed on { $closed-at }. This is what it asks of { $producer }:
mail-po-total = Total: { $amount }
mail-po-delivery = Delivery planned on { $delivery-on }.
mail-po-action-hint = Confirm the order, or lower a quantity if you cannot supply everything: the members' shares will be recomputed.
mail-po-action = See and confirm the order
mail-campaign-cancelled_nothing-subject = No case ordered: { $title } is cancelled
mail-campaign-cancelled_nothing-intro = The campaign "{ $title }" of { $group } closed without a single case that could be ordered (stock, producers' minimums or cases not completed): it is therefore cancelled. You owe nothing for it.
space-orders-basket-empty = Basket to fill before { $date }
space-orders-basket-filled = { $count ->
    [one] Your basket: 1 product, can be changed until { $date }
   *[other] Your basket: { $count } products, can be changed until { $date }
}
space-orders-result = { $state } · { $amount } · { $payment }
space-orders-next-draft = Opens on { $date }
space-orders-next-open = Open; closes on { $date }
space-orders-next-closed = { $count ->
    [0] Closed
    [one] Waiting for one producer
   *[other] Waiting for { $count } producers
}
space-orders-next-confirmed = To mark as shipped (delivery on { $date })
space-orders-next-shipped = Delivery to record (planned on { $date })
space-orders-next-delivered = { $count ->
    [0] To settle
    [one] To settle once the last share is paid
   *[other] To settle: { $count } shares not paid yet
}
space-orders-group = { $count ->
    [0] Group you coordinate
    [one] Group you coordinate · 1 order
   *[other] Group you coordinate · { $count } orders
}
space-orders-po-to-confirm = Purchase order to confirm · { $cases } · delivery on { $date }
space-orders-po-waiting = Confirmed, waiting for the other producers · { $cases }
space-orders-po-to-ship = To ship · { $cases } · delivery on { $date }
space-orders-po-shipped = Shipped · { $cases } · delivery on { $date }
space-orders-po-delivered = Delivered · { $cases }
space-orders-po-settled = Settled · { $cases }
space-orders-po-cancelled = Cancelled · { $cases }
campaign-title-suggestion = { $month } order
basket-running = My basket:
