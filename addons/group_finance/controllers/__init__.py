from . import documents, portal
