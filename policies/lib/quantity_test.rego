package lib.quantity_test

import data.lib.quantity

test_kubernetes_readings if {
	quantity.parse("128m") == 0.128
	quantity.parse("1Ki") == 1024
	quantity.parse("1k") == 1000
	quantity.parse("1e3") == 1000
	quantity.parse("0.5") == 0.5
	quantity.parse("+1") == 1
	quantity.parse("1E") == 1000000000000000000
	quantity.parse("1e-12") == 0.000000001
	quantity.parse(2) == 2
	quantity.parse(0.5) == 0.5
}

test_not_quantities if {
	not quantity.valid("")
	not quantity.valid("1K")
	not quantity.valid("32GiB")
	not quantity.valid("1e")
	not quantity.valid(" 1")
	not quantity.valid("Pi")
	not quantity.valid(true)
}
