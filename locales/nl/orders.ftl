# orders
