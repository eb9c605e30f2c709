"""What GLPI writes in its exports (no ORM): French and English column headers, statuses, item
types, entity paths, the serial numbers that are not serial numbers, MAC addresses."""

import re
import unicodedata

# Column headers of GLPI's exports, as they read in French and in English (normalised by
# ``normalise``), and the field of our model they fill.
ASSET_HEADERS = {
    "nom": "name",
    "name": "name",
    "entite": "customer_id",
    "entity": "customer_id",
    "statut": "it_state",
    "status": "it_state",
    "fabricant": "brand",
    "manufacturer": "brand",
    "modele": "model",
    "model": "model",
    "type": "it_category_id",
    "numero de serie": "serial_no",
    "serial number": "serial_no",
    "numero d'inventaire": "inventory_tag",
    "inventory number": "inventory_tag",
    "lieu": "location",
    "location": "location",
    "utilisateur": "end_user_id",
    "user": "end_user_id",
    "date d'achat": "purchase_date",
    "date of purchase": "purchase_date",
    "fin de garantie": "warranty_date",
    "warranty expiration date": "warranty_date",
    "systeme d'exploitation - nom": "operating_system",
    "operating system - name": "operating_system",
    "adresse ip": "ip_address",
    "ip address": "ip_address",
    "reseau - adresse ip": "ip_address",
    "adresse mac": "mac_address",
    "mac address": "mac_address",
    "reseau - adresse mac": "mac_address",
    "commentaires": "note",
    "comments": "note",
}
LICENCE_HEADERS = {
    "nom": "name",
    "name": "name",
    "logiciel": "software_id",
    "software": "software_id",
    "entite": "customer_id",
    "entity": "customer_id",
    "numero de serie": "license_key",
    "serial number": "license_key",
    "nombre": "seats",
    "number": "seats",
    "date d'achat": "date_start",
    "date of purchase": "date_start",
    "date d'expiration": "date_end",
    "expiration": "date_end",
}
HEADERS = {"maintenance.equipment": ASSET_HEADERS, "it.license": LICENCE_HEADERS}

# GLPI states (the default ones, French and English) -> lifecycle state of the asset.
STATES = {
    "en service": "deployed",
    "en production": "deployed",
    "in use": "deployed",
    "production": "deployed",
    "en stock": "stock",
    "stock": "stock",
    "en reparation": "repair",
    "en panne": "repair",
    "in repair": "repair",
    "broken": "repair",
    "rebut": "retired",
    "hors service": "retired",
    "retire": "retired",
    "retired": "retired",
    "recycle": "retired",
}

# GLPI item types and computer types -> code of the IT category.
CATEGORIES = {
    "ordinateur": "computer",
    "computer": "computer",
    "desktop": "computer",
    "ordinateur de bureau": "computer",
    "poste de travail": "computer",
    "portable": "laptop",
    "ordinateur portable": "laptop",
    "laptop": "laptop",
    "notebook": "laptop",
    "serveur": "server",
    "server": "server",
    "imprimante": "printer",
    "printer": "printer",
    "moniteur": "monitor",
    "ecran": "monitor",
    "monitor": "monitor",
    "routeur": "router",
    "router": "router",
    "switch": "switch",
    "commutateur": "switch",
    "pare-feu": "firewall",
    "firewall": "firewall",
    "borne wi-fi": "access_point",
    "borne wifi": "access_point",
    "point d'acces": "access_point",
    "access point": "access_point",
    "camera": "camera",
    "telephone": "phone",
    "phone": "phone",
}

# What BIOSes and GLPI agents write where the manufacturer left no serial number.
PLACEHOLDER_SERIALS = {
    "",
    "0",
    "00000000",
    "0123456789",
    "123456789",
    "none",
    "n/a",
    "na",
    "-",
    "default string",
    "to be filled by o.e.m.",
    "to be filled by oem",
    "system serial number",
    "chassis serial number",
    "not specified",
    "not applicable",
    "invalid",
}

ROOT_ENTITIES = {"entite racine", "root entity"}
MAC_SEPARATORS = re.compile(r"[\s:.\-]")
HEX12 = re.compile(r"^[0-9a-f]{12}$")


def normalise(text):
    """Lower case, without accents, typographic apostrophes or repeated spaces."""
    text = str(text or "").replace("\u2019", "'")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().strip().lower()
    return re.sub(r"\s+", " ", text)


def header_field(model, header):
    """The field a GLPI column header fills in ``model``, or None."""
    return HEADERS.get(model, {}).get(normalise(header))


def state(value):
    """The lifecycle state of a GLPI status; None when unknown, '' when empty."""
    key = normalise(value)
    return STATES.get(key) if key else ""


def category_code(value):
    """The IT category code of a GLPI item type, or None."""
    return CATEGORIES.get(normalise(value))


def serial(value):
    """The serial number, or '' for GLPI's placeholders."""
    value = (value or "").strip()
    return "" if normalise(value) in PLACEHOLDER_SERIALS else value


def mac(value):
    """AA:BB:CC:DD:EE:FF from any usual writing; raises ValueError when it is not a MAC.
    GLPI lists several addresses of a machine separated by newlines or commas: the first is
    kept."""
    first = re.split(r"[\n,;]", (value or "").strip())[0]
    digits = MAC_SEPARATORS.sub("", first).lower()
    if not digits:
        return ""
    if not HEX12.match(digits):
        raise ValueError(value)
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2)).upper()


def entity(value):
    """(customer, site) of a GLPI entity path such as "Entité racine > Client > Site": the
    root entity is the MSP itself, the first level is the customer, the last one the site."""
    parts = [part.strip() for part in re.split(r">", value or "") if part.strip()]
    if parts and normalise(parts[0]) in ROOT_ENTITIES:
        parts = parts[1:]
    if not parts:
        return "", ""
    return parts[0], (parts[-1] if len(parts) > 1 else "")
