"""The auth area (features/auth/): failed sign-ins, the lockout, tokens the API must refuse."""
