# Shipments: purchase orders carried from the cooperatives to the Belgian pickup points.
shipments-title = Shipments — { $partnership }
shipments-lead = A shipment gathers producers' confirmed purchase orders and follows them from the cooperative to the pickup points.
shipments-none = No shipment yet.
shipments-new = New shipment
shipments-link = Shipments
shipment-origin = Region of departure
shipment-carrier = Carrier
shipment-expected-on = Expected arrival
shipment-create = Create the shipment
shipment-orders-count = { $count ->
    [one] { $count } purchase order
   *[other] { $count } purchase orders
}
shipment-title = Shipment { $reference }
shipment-created-on = Created on { $date }
shipment-contents = Contents
shipment-producer = Producer
shipment-product = Product
shipment-hs-code = HS code
shipment-units = Units
shipment-cases = Cases
shipment-net = Net weight
shipment-gross = Gross weight
shipment-value = Declared value
shipment-total = Total
shipment-total-of = Total { $producer }
shipment-kg = { $kg } kg
shipment-purchase-orders = Purchase orders
shipment-campaign = Group order
shipment-no-orders = No purchase order in this shipment.
shipment-remove = Remove
shipment-add-orders = Add purchase orders
shipment-add = Add
shipment-no-waiting = No confirmed purchase order is waiting to be shipped.
shipment-not-preparing = The shipment is no longer being prepared: its purchase orders no longer change.
shipment-timeline = Tracking
shipment-next-step = Next step: { $step }
shipment-record = Record the step
shipment-step-date = Date
shipment-step-note = Note (optional)
shipment-done = Shipment distributed: nothing left to do.
shipment-needs-orders = Add at least one purchase order before recording the collection.
shipment-step-preparing = Being prepared
shipment-step-collected = Collected
shipment-step-export-cleared = Export customs cleared
shipment-step-in-transit = In transit
shipment-step-import-cleared = Import customs cleared
shipment-step-arrived = Arrived
shipment-step-distributed = Distributed
shipment-where = Your goods are on their way: { $step } (shipment { $reference }).
shipment-where-expected = Expected arrival on { $date }.
flash-shipment-created = Shipment created.
flash-shipment-order-added = Purchase order added to the shipment.
flash-shipment-order-removed = Purchase order removed from the shipment.
flash-shipment-step = Step recorded.
err-shipment-step-final = The shipment is distributed: there is no step left to record.
err-shipment-step-done = This step is already recorded. The next step is: { $next ->
    [collected] collected
    [export_cleared] export customs cleared
    [in_transit] in transit
    [import_cleared] import customs cleared
    [arrived] arrived
   *[other] distributed
}.
err-shipment-step-skipped = Steps are recorded in order: the next step is { $next ->
    [collected] collected
    [export_cleared] export customs cleared
    [in_transit] in transit
    [import_cleared] import customs cleared
    [arrived] arrived
   *[other] distributed
}.
err-shipment-step-before = This date is before the previous step ({ $date }).
err-shipment-step-unknown = Choose a step from the list.
err-shipment-empty = The shipment holds no purchase order: add some before it leaves.
err-shipment-not-preparing = The shipment is no longer being prepared: its purchase orders no longer change.
err-shipment-no-such-campaign = This group order does not exist.
err-shipment-campaign-not-confirmed = The order "{ $campaign }" is not confirmed: every producer must confirm its purchase order first.
err-shipment-order-empty = This producer has nothing to deliver for this order.
err-shipment-order-taken = This purchase order is already in shipment { $shipment }.
err-shipment-order-taken-meanwhile = This purchase order was just added to another shipment.
err-hs-code = An HS code has 6 to 10 digits.
field-hs-code = Customs code (HS)
hs-code-hint = 6 to 10 digits, for the shipments' papers (for example 1515 90 for argan oil).
field-case-tare = Packaging weight of one case (grams)
case-tare-hint = Box and padding of one case, for the shipments' gross weight.
shipment-order-units = { $count ->
    [one] { $count } unit
   *[other] { $count } units
}
space-area-shipments = Shipments
space-shipments-waiting = { $count ->
    [one] One confirmed purchase order is waiting for a shipment.
   *[other] { $count } confirmed purchase orders are waiting for a shipment.
}
