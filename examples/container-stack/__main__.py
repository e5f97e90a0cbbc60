"""Container stack: what Pulumi runs. The wiring is in shop_stack.py."""

from shop_stack import main

main()
