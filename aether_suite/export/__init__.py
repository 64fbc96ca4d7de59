"""The export area (features/export/): asking for the leads export and reading it as a spreadsheet does."""
