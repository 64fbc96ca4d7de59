"""The tenancy area (features/tenancy/): the wall between accounts."""
