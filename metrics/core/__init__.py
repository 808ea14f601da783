"""The data dictionary (registry) and the one way to read it: filters -> SQL -> KPI values; settings,
the daily histories the models read, data health, the report and the API pages call."""
