# space: a person's own page (/me)
space-title = My space
space-hello = Hello { $name }
space-settings = My account: name, language, address, password, tokens
space-todo = To do
space-done = What I did
space-nothing-to-do = Nothing to do for now.
space-nothing-done = Nothing yet.
space-start = To start:
space-start-catalogue = discover the cooperatives' products
space-start-groups = join a buying group
space-start-trips = book a solidarity stay
space-start-practices = read the territories' practices
space-area-account = My account
space-area-admin = Administration
space-area-orders = Group orders
space-area-groups = Buying groups
space-area-producers = Producers
space-area-catalog = Catalogue
space-area-payments = Payments
space-area-treasury = Treasury
space-area-trips = Stays
space-area-hosting = Stays I host
space-area-fund = Community fund
space-area-practices = Exchange of practices
space-area-network = Network
space-area-trainings = Trainings
space-verify-title = Confirm my email address
space-verify-detail = Open the link sent to { $email }: you need it to order and book.
space-failed-mail-title = Emails not sent
space-failed-mail-detail = { $count ->
    [one] One message could not be sent: look at it and send it again.
   *[other] { $count } messages could not be sent: look at them and send them again.
}
