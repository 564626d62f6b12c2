@_exported import BreachDomain
