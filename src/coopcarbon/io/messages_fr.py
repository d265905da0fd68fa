"""The texts of problems in French: messages, expected values, suggestions and summaries.

The validators (bilan file, factor tables, CSV, FEC, units, JSON results) describe a problem in
English; with ``--lang fr`` the command shows it in French (:meth:`coopcarbon.errors.InputError.
in_language`). The variable parts are never touched: quoted values (``'hardware.laptob'``, ``'460
kWh'``, ```coopcarbon schema```) and file paths are set aside before the wording is translated,
and put back as they were. A text that no pattern knows stays in English, as written.

Examples
--------
>>> french("unknown factor id 'hardware.laptob'")
"identifiant de facteur inconnu 'hardware.laptob'"
>>> french("did you mean 'hardware.laptop', 'hardware.tablet'?")
"vouliez-vous dire 'hardware.laptop', 'hardware.tablet' ?"
>>> french_summary("2 problem(s) in factor table ours.yaml")
'2 problème(s) dans la table de facteurs ours.yaml'
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["french", "french_summary"]

# The patterns below are strings: ``re`` compiles and caches them on first use, not at import.
#: What is set aside before translating: quoted values, code spans and absolute paths.
_KEPT = (r"""(?<![\w])'[^'\n]*'(?![\w])|`[^`\n]*`|"[^"\n]*"|(?<![\w.])/(?=\S)(?:[^)'"\n:;]|[:;](?=\S))*"""
         r"""|\b[A-Za-z]:\\(?:[^)'"\n:;]|[:;](?=\S))*""")  # a path ends at ')', ': ' or '; '
_MARK = r"\x00(\d+)\x00"
#: A place or a context before a message (``row 3, column B: ...``), translated on its own.
_PREFIX = r"(?:row \d+(?:, column \w+)?|not a coopcarbon result): (?:Value error, )?"
_Q = r"(\x00\d+\x00)"  # a value set aside, in the patterns below written as Q

#: English wording → French, tried in this order, each replacing every match (``Q`` is a value).
_PHRASES: tuple[tuple[str, str], ...] = (
    # places inside a file, and the parts that join two messages
    (r"^row (\d+), column (\w+): ", r"ligne \1, colonne \2 : "),
    (r"^row (\d+): ", r"ligne \1 : "),
    (r"^not a coopcarbon result: ", "pas un résultat coopcarbon : "),
    (r"Value error, ", ""),
    (r"did you mean (.+?)\?", r"vouliez-vous dire \1 ?"),
    (r"\(units are written in English: Q is Q\)", r"(les unités s'écrivent en anglais : \1 se dit \2)"),
    (r"for example ", "par exemple "),
    (r"\be\.g\. ", "par ex. "),
    # units and quantities
    (r"got (.*?) \((.+?)\) where (.+?) \((.+?)\) is expected", r"reçu \1 (\2) alors que \3 (\4) est attendu"),
    (r"line (\d+) \((.+?)\) uses factor ", r"la ligne \1 (\2) utilise le facteur "),
    (r"uses factor ", "utilise le facteur "),
    (r"a distance is not a passenger distance: use Q \(km × travellers\)",
     r"une distance n'est pas une distance par passager : utilisez \1 (km × voyageurs)"),
    (r"this factor is per vehicle: give (\S+) \(a shared car counts once\)",
     r"ce facteur est par véhicule : donnez \1 (une voiture partagée compte une fois)"),
    (r"this factor is per passenger: give (\S+) \(vehicle_km × occupants\)",
     r"ce facteur est par passager : donnez \1 (vehicle_km × occupants)"),
    (r"Q has the wrong unit: (\S+) is ", r"\1 n'a pas la bonne unité : \2 est "),
    (r"(\S+) has no unit", r"\1 n'a pas d'unité"),
    (r"Q is not a unit this library reads: its powers must be plain numbers from -12 to 12",
     r"\1 n'est pas une unité que coopcarbon lit : ses puissances doivent être des nombres simples de -12 à 12"),
    (r"Q is not defined in the unit registry", r"\1 n'est pas défini dans le registre des unités"),
    (r"Q has a power larger than (\d+)", r"\1 a une puissance supérieure à \2"),
    (r"unit Q is not emissions per something", r"l'unité \1 n'est pas des émissions par quelque chose"),
    (r"Q is not a unit", r"\1 n'est pas une unité"),
    (r"Q is not a number followed by a unit", r"\1 n'est pas un nombre suivi d'une unité"),
    (r"Q is negative or not a number", r"\1 est négatif ou n'est pas un nombre"),
    (r"(\S+) does not fit factor (\S+)", r"\1 ne convient pas au facteur \2"),
    (r"(\S+) is not a finite number \(NaN or infinite\)", r"\1 n'est pas un nombre fini (NaN ou infini)"),
    (r"is not a finite number: JSON cannot hold it", "n'est pas un nombre fini : JSON ne peut pas le contenir"),
    (r"its emissions are not a finite number \((.+?)\): the quantity is too large",
     r"ses émissions ne sont pas un nombre fini (\1) : la quantité est trop grande"),
    (r"(\S+) is negative", r"\1 est négatif"),
    (r"\(record avoided emissions separately\)", "(comptez les émissions évitées à part)"),
    (r"(\S+) is not a number JSON allows \(numbers must be finite\)",
     r"\1 n'est pas un nombre permis en JSON (les nombres doivent être finis)"),
    (r"Q is not a number", r"\1 n'est pas un nombre"),
    (r"a boolean \(yes/no, true/false\) is not a number", "un booléen (yes/no, true/false) n'est pas un nombre"),
    (r"read as yes/no \((\w+)\), not as a number", r"lu comme oui/non (\1), pas comme un nombre"),
    (r"Q is not oui or non", r"\1 n'est ni oui ni non"),
    # unknown, missing and repeated names
    (r"unknown factor id ", "identifiant de facteur inconnu "),
    (r"invalid factor id Q: ids are lower-case words \(a-z, 0-9, _\) joined by dots, at least two",
     r"identifiant de facteur invalide \1 : les identifiants sont des mots en minuscules (a-z, 0-9, _) "
     r"reliés par des points, au moins deux"),
    (r"unknown field Q \(known: ", r"champ inconnu \1 (connus : "),
    (r"unknown field ", "champ inconnu "),
    (r"unknown mode ", "mode inconnu "),
    (r"unknown device kind ", "type d'appareil inconnu "),
    (r"unknown heating carrier ", "énergie de chauffage inconnue "),
    (r"unknown site ", "site inconnu "),
    (r"unknown type ", "type inconnu "),
    (r"unknown category ", "catégorie inconnue "),
    (r"unknown BEGES post", "poste BEGES inconnu"),
    (r"unknown alias ", "alias inconnu "),
    (r"unknown scope ", "scope inconnu "),
    (r"unknown GHG Protocol category ", "catégorie GHG Protocol inconnue "),
    (r"unknown domain ", "domaine inconnu "),
    (r"unknown refrigerant ", "fluide frigorigène inconnu "),
    (r"unknown GWP set ", "jeu de PRG inconnu "),
    (r"unknown convention ", "convention inconnue "),
    (r"unknown financial product ", "produit financier inconnu "),
    (r"unknown car fuel ", "carburant de voiture inconnu "),
    (r"unknown car size ", "taille de voiture inconnue "),
    (r"unknown fleet fuel ", "carburant de flotte inconnu "),
    (r"unknown purpose ", "motif inconnu "),
    (r"unknown airport code ", "code d'aéroport inconnu "),
    (r"unknown kind ", "type inconnu "),
    (r"unknown column ", "colonne inconnue "),
    (r"unknown account class in ", "classe de compte inconnue dans "),
    (r"unknown encoding ", "encodage inconnu "),
    (r"missing field ", "champ manquant "),
    (r"missing column ", "colonne manquante "),
    (r"^missing$", "manquant"),
    (r"^Field required", "champ obligatoire"),
    (r"^Extra inputs are not permitted", "champ non prévu"),
    (r"duplicate key Q \(first defined at line (\d+)\)", r"clé \1 en double (définie d'abord ligne \2)"),
    (r"id Q already exists \(in ", r"l'identifiant \1 existe déjà (dans "),
    (r"id Q appears twice \(first in row (\d+)\)", r"l'identifiant \1 apparaît deux fois (d'abord ligne \2)"),
    (r"column Q appears twice \(also column (\w+)\)", r"colonne \1 en double (aussi colonne \2)"),
    (r"site Q is declared twice", r"le site \1 est déclaré deux fois"),
    (r"Q but no earlier table defines ", r"\1 mais aucune table précédente ne définit "),
    (r"Q is not a BEGES v5 post", r"\1 n'est pas un poste BEGES v5"),
    (r"Q is not a domain", r"\1 n'est pas un domaine"),
    (r" is not a mode name", " n'est pas un nom de mode"),
    (r"Q is not one of the allowed values", r"\1 n'est pas une des valeurs permises"),
    # files, paths, encodings and YAML
    (r"Q is outside the bilan's folder", r"\1 est hors du dossier du bilan"),
    (r"Q is not a usable path", r"\1 n'est pas un chemin utilisable"),
    (r"CSV file Q not found", r"fichier CSV \1 introuvable"),
    (r"factor table Q not found", r"table de facteurs \1 introuvable"),
    (r"cannot read file: ", "fichier illisible : "),
    (r"No such file or directory", "fichier ou dossier introuvable"),
    (r"Permission denied", "permission refusée"),
    (r"Is a directory", "c'est un dossier"),
    (r"cannot read the workbook", "classeur illisible"),
    (r"cannot read the CSV: ", "CSV illisible : "),
    (r"unexpected end of data", "fin de données inattendue"),
    (r"cannot read value Q: ", r"valeur \1 illisible : "),
    (r"not a valid timestamp", "pas une date valide"),
    (r"not a valid bool", "pas un booléen valide"),
    (r"day is out of range for month", "jour hors du mois"),
    (r"Q cannot be written in (\S+)", r"\1 ne peut pas s'écrire en \2"),
    (r"the file starts with a UTF-8 mark but byte (\w+) is not valid UTF-8",
     r"le fichier commence par une marque UTF-8 mais l'octet \1 n'est pas de l'UTF-8 valide"),
    (r"the file starts as UTF-16 but is not valid UTF-16",
     "le fichier commence comme de l'UTF-16 mais n'est pas de l'UTF-16 valide"),
    (r"byte (\w+) is neither UTF-8 nor Windows-1252", r"l'octet \1 n'est ni de l'UTF-8 ni du Windows-1252"),
    (r"byte (\w+) is not valid (?i:utf-8)", r"l'octet \1 n'est pas de l'UTF-8 valide"),
    (r"this is a binary file, not a CSV text file", "c'est un fichier binaire, pas un fichier texte CSV"),
    (r"this is a binary file, not a text file", "c'est un fichier binaire, pas un fichier texte"),
    (r"this is not a regular file \(a device, a pipe or a folder\)",
     "ce n'est pas un fichier ordinaire (un périphérique, un tube ou un dossier)"),
    (r"the file is too large \((.+?) or more\)", r"le fichier est trop gros (\1 ou plus)"),
    (r"the file is empty or is not a mapping", "le fichier est vide ou n'est pas un mapping (clé : valeur)"),
    (r"the file is empty", "le fichier est vide"),
    (r"the document is a list, not a mapping", "le document est une liste, pas un mapping (clé : valeur)"),
    (r"more than one YAML document in the file", "plus d'un document YAML dans le fichier"),
    (r"YAML syntax error: ", "erreur de syntaxe YAML : "),
    (r"mapping values are not allowed in this context", "une valeur de mapping n'est pas permise ici"),
    (r"while parsing an? ([\w ]+?) (?=did|expected|found)", r"en lisant \1, "),
    (r"while scanning an? ([\w ]+?) (?=did|expected|found)", r"en lisant \1, "),
    (r"while scanning for the next token ", "en cherchant l'élément suivant, "),
    (r"did not find expected (.+)", r"\1 attendu mais absent"),
    (r"expected (.+?), but found (.+)", r"\1 attendu, \2 trouvé"),
    (r"found a tab character that violates indentation", "une tabulation rompt l'indentation"),
    (r"found character that cannot start any token", "un caractère ne peut commencer aucun élément"),
    (r"found unexpected end of stream", "fin de fichier inattendue"),
    (r"\bflow sequence\b", "liste entre crochets"),
    (r"\bflow mapping\b", "mapping entre accolades"),
    (r"\bblock mapping\b", "mapping"),
    (r"\bblock collection\b", "liste"),
    (r"\bplain scalar\b", "valeur"),
    (r"\bquoted scalar\b", "valeur entre guillemets"),
    (r"tag Q is not allowed", r"l'étiquette \1 n'est pas permise"),
    (r"a merge key Q needs mappings", r"une clé de fusion \1 demande des mappings"),
    (r"aliases expand to too many values \(more than ([\d,]+)\)", r"les alias donnent trop de valeurs (plus de \1)"),
    (r"document nested too deeply", "document trop imbriqué"),
    (r"nested deeper than (\d+) levels", r"imbriqué sur plus de \1 niveaux"),
    (r"nested too deeply", "trop imbriqué"),
    (r"not JSON \(", "pas du JSON ("),
    (r"the top level is a list", "le niveau supérieur est une liste"),
    (r"the top level is a number", "le niveau supérieur est un nombre"),
    (r"the top level is a string", "le niveau supérieur est un texte"),
    (r"the top level is null", "le niveau supérieur est null"),
    # the bilan's own fields, the domain helpers' arguments, actions, scenarios and networks
    (r"(\S+) is not a year", r"\1 n'est pas une année"),
    (r"^a year between (\d+) and (\d+)", r"une année entre \1 et \2"),
    (r", such as ", ", comme "),
    (r"(\S+) is not a positive whole number", r"\1 n'est pas un nombre entier positif"),
    (r"^the number of employees", "le nombre de salariés"),
    (r"^is empty$", "est vide"),
    (r"^the organisation's name$", "le nom de l'organisation"),
    (r"^no floor area$", "pas de surface"),
    (r"^floor_area such as Q here or on the site", r"floor_area comme \1 ici ou sur le site"),
    (r"factor Q is per kWh (\w+): the energy's heating-value basis must be stated",
     r"le facteur \1 est par kWh \2 : la base (PCS ou PCI) de l'énergie doit être indiquée"),
    (r"French gas bills are in kWh PCS \(higher heating value\)",
     "les factures de gaz françaises sont en kWh PCS (pouvoir calorifique supérieur)"),
    (r"energy in kWh (\w+) but factor Q is per kWh (\w+) and its table gives no pcs_pci_ratio to convert",
     r"énergie en kWh \1 mais le facteur \2 est par kWh \3 et sa table ne donne pas de pcs_pci_ratio pour "
     r"convertir"),
    (r"^energy in kWh ", "une énergie en kWh "),
    (r"add pcs_pci_ratio to the factor, citing its source", "ajoutez pcs_pci_ratio au facteur, en citant sa source"),
    (r"a scope 3 line needs a GHG Protocol category", "une ligne du scope 3 demande une catégorie GHG Protocol"),
    (r"^1 to 15$", "1 à 15"),
    (r"(\S+) is not a finite non-negative number", r"\1 n'est pas un nombre fini positif ou nul"),
    (r"(\S+) is not finite", r"\1 n'est pas fini"),
    (r"(\S+) is out of range", r"\1 est hors limites"),
    (r"^an array was given", "un tableau a été donné"),
    (r"Q is not an emission", r"\1 n'est pas une émission"),
    (r"a reduction_share needs the posts it applies to",
     "un reduction_share demande les postes auxquels il s'applique"),
    (r"^no scenario to evaluate", "aucun scénario à évaluer"),
    (r"^an option such as (\S+ \S+), or a scenarios: section", r"une option comme \1, ou une section scenarios:"),
    (r"Q is not YEAR:SHARE", r"\1 n'est pas ANNÉE:PART"),
    (r"a custom path needs milestones", "une trajectoire personnalisée demande des jalons"),
    (r"Q is not FROM:TO:SHARE", r"\1 n'est pas DE:VERS:PART"),
    (r"(\S+) is not positive", r"\1 n'est pas positif"),
    (r"(\S+) is not in ([\[(][\d.]+, [\d.]+[\])])", r"\1 n'est pas dans \2"),
    (r"^a lifetime in years", "une durée de vie en années"),
    (r"^a fraction, ", "une fraction, "),
    (r"^days a week", "des jours par semaine"),
    (r"scenario Q needs a bilan with domain inputs",
     r"le scénario \1 demande un bilan avec ses données par domaine"),
    (r"^no bilan file or JSON result", "aucun fichier bilan ni résultat JSON"),
    (r"^\*\.yaml bilan files or \*\.json results of one year",
     "des fichiers bilan *.yaml ou des résultats *.json d'une même année"),
    (r"no sheet ", "pas de feuille "),
    (r"^the sheets of ", "les feuilles de "),
    (r"^an \.xlsx file written by Excel, LibreOffice or ", "un fichier .xlsx écrit par Excel, LibreOffice ou "),
    (r"give either the litres bought or the distance driven",
     "donnez soit les litres achetés, soit la distance parcourue"),
    (r"Q is not a refrigerant name", r"\1 n'est pas un nom de fluide frigorigène"),
    (r"both a refilled mass and a charge/leak rate were given",
     "une masse rechargée et une charge avec taux de fuite sont données toutes les deux"),
    (r"no refilled mass, and no charge with a leak rate", "ni masse rechargée, ni charge avec un taux de fuite"),
    (r"Q is not a carrier name", r"\1 n'est pas un nom d'énergie de chauffage"),
    (r"Q is not a heating-value basis", r"\1 n'est pas une base de pouvoir calorifique"),
    (r"Q is not a vehicle type", r"\1 n'est pas un type de véhicule"),
    (r"Q is not a car type", r"\1 n'est pas un type de voiture"),
    (r"both a distance and airports were given", "une distance et des aéroports sont donnés tous les deux"),
    (r"no distance and no airport pair", "ni distance ni paire d'aéroports"),
    (r"a plane is not a commute mode", "l'avion n'est pas un mode de trajet domicile-travail"),
    # warnings: suspicious but valid input (coopcarbon.checks)
    (r"factor (\S+) is valid (\S+), used for (\d+)", r"le facteur \1 est valable \2, utilisé pour \3"),
    (r"factor (\S+) is for (\S+), used for site Q \((\S+)\): ",
     r"le facteur \1 est pour \2, utilisé pour le site \3 (\4) : "),
    (r"factor (\S+) is for (\S+), used for the sites \((\S+)\): ",
     r"le facteur \1 est pour \2, utilisé pour les sites (\3) : "),
    (r"check the site's country \(grid mixes differ up to twentyfold between countries\)",
     "vérifiez le pays du site (les mix électriques varient jusqu'à un facteur vingt d'un pays à l'autre)"),
    (r"electricity\[(\d+)\] repeats electricity\[(\d+)\] \((.+?)\): same site Q and energy (.+?); "
     r"a bill counted twice\? Give each meter or period once",
     r"electricity[\1] répète electricity[\2] (\3) : même site \4 et même énergie \5 ; une facture comptée deux "
     r"fois ? Donnez chaque compteur ou période une seule fois"),
    (r"electricity of site Q valued with (\S+) while the electricity section already counts this site's meter: "
     r"counted twice\? Remove one \(the electricity section gives both scope 2 methods\)",
     r"l'électricité du site \1 est valorisée avec \2 alors que la section electricity compte déjà le compteur "
     r"de ce site : comptée deux fois ? Retirez-en une (la section electricity donne les deux méthodes du scope 2)"),
    # CSV, FEC and workbooks
    (r"(\d+) column\(s\): ", r"\1 colonne(s) : "),
    (r"only (\d+) columns filled", r"seulement \1 colonnes remplies"),
    (r"empty cell: a value is required", "cellule vide : une valeur est requise"),
    (r"cell Q is in a column without a name", r"la cellule \1 est dans une colonne sans nom"),
    (r"(\d+) more cells are in columns without a name \(columns (\w+) to (\w+)\)",
     r"\1 autres cellules sont dans des colonnes sans nom (colonnes \2 à \3)"),
    (r"quality scores cannot be written to CSV", "les scores de qualité ne peuvent pas s'écrire en CSV"),
    (r"bad amount ", "montant illisible "),
    (r"bad date ", "date illisible "),
    # numbers that make no sense, and the bilan's own checks
    (r"(\d+) days on site \+ (\d+) telework days > 7 days a week",
     r"\1 jours sur site + \2 jours de télétravail > 7 jours par semaine"),
    (r"the shares sum to (\S+), not 1", r"les parts totalisent \1, pas 1"),
    (r"no energy billed and no floor area to estimate from", "ni énergie facturée ni surface pour l'estimer"),
    (r"must be a finite number, not NaN or infinite", "doit être un nombre fini, ni NaN ni infini"),
    (r"must not be negative \(emission factors are >= 0; model removals as separate lines\)",
     "ne doit pas être négatif (les facteurs d'émission sont >= 0 ; les absorptions vont sur des lignes à part)"),
    (r"scope 3 factors need ghg_category \(1 to 15\)", "un facteur du scope 3 demande ghg_category (1 à 15)"),
    (r"too large for a fraction", "trop grand pour une fraction"),
    (r"^too large", "trop grand"),
    (r"^too small", "trop petit"),
    (r"^too many items", "trop d'éléments"),
    (r"^not a valid number", "pas un nombre valide"),
    (r"^not a whole number", "pas un nombre entier"),
    (r"^not yes or no", "ni oui ni non"),
    (r"^not text", "pas du texte"),
    (r"^not one of the allowed values", "pas une des valeurs permises"),
    (r"^not a list", "pas une liste"),
    (r"^not a mapping", "pas un mapping (clé : valeur)"),
    (r"^the type is missing", "le type manque"),
    (r"^empty\b", "vide"),
    # pydantic's own words, in factor tables and JSON results
    (r"Input should be a valid number, unable to parse string as a number", "doit être un nombre"),
    (r"Input should be a valid dictionary or instance of \w+", "doit être un mapping (clé : valeur)"),
    (r"Input should be a valid integer", "doit être un nombre entier"),
    (r"Input should be a valid number", "doit être un nombre"),
    (r"Input should be a finite number", "doit être un nombre fini"),
    (r"Input should be a valid string", "doit être du texte"),
    (r"Input should be a valid boolean", "doit être oui ou non"),
    (r"Input should be a valid list", "doit être une liste"),
    (r"Input should be less than or equal to ", "doit être inférieur ou égal à "),
    (r"Input should be greater than or equal to ", "doit être supérieur ou égal à "),
    (r"Input should be less than ", "doit être inférieur à "),
    (r"Input should be greater than ", "doit être supérieur à "),
    (r"Input should be ", "doit être "),
    (r"\(found an object\)", "(trouvé un objet)"),
    (r"\(found a list\)", "(trouvé une liste)"),
    (r"\(found ", "(trouvé "),
    (r"\(got ", "(valeur : "),
    # what is expected
    (r"^a BEGES v5 post: ", "un poste BEGES v5 : "),
    (r"^one of the names under sites: ", "l'un des noms sous sites : "),
    (r"^one of ", "l'un de "),
    (r"^(\d+) columns separated by Q, up to ", r"\1 colonnes séparées par \2, jusqu'à "),
    (r"\[emissions\] divided by the activity unit", "[emissions] divisées par l'unité de l'activité"),
    (r"^a CSV file in ", "un fichier CSV en "),
    (r"^a CSV file saved from a spreadsheet", "un fichier CSV enregistré depuis un tableur"),
    (r"^a JSON object, as written by ", "un objet JSON, tel qu'écrit par "),
    (r"^a file written by ", "un fichier écrit par "),
    (r"^an? (.+?) text file$", r"un fichier texte \1"),
    (r"^a text file$", "un fichier texte"),
    (r"^a date YYYYMMDD such as ", "une date AAAAMMJJ comme "),
    (r"^a distance such as ", "une distance comme "),
    (r"\(origin/destination are for flights\)", "(origin et destination servent aux vols)"),
    (r"^a dotted lower-case id such as ", "un identifiant en minuscules avec des points, comme "),
    (r"^a factor id of the library", "un identifiant de facteur de la bibliothèque"),
    (r"^a factor id such as ", "un identifiant de facteur comme "),
    (r"^a factor without quality", "un facteur sans qualité"),
    (r"^a file encoded in ", "un fichier encodé en "),
    (r"^a file in one encoding", "un fichier dans un seul encodage"),
    (r"^a file relative to ", "un fichier relatif à "),
    (r"^a finite non-negative number", "un nombre fini positif ou nul"),
    (r"^a header row and data rows", "une ligne d'en-tête et des lignes de données"),
    (r"^a list \(one Q item per line, or \[a, b\]\)", r"une liste (un élément \1 par ligne, ou [a, b])"),
    (r"^a mapping \(key: value lines\)", "un mapping (des lignes clé : valeur)"),
    (r"^a mapping with keys Q and Q", r"un mapping avec les clés \1 et \2"),
    (r"^a mapping with ", "un mapping avec "),
    (r"^a monetary ratio id", "un identifiant de ratio monétaire"),
    (r"^a name from ", "un nom de "),
    (r"^a new id, or Q to replace it on purpose", r"un nouvel identifiant, ou \1 pour le remplacer volontairement"),
    (r"^an existing id to replace", "un identifiant existant à remplacer"),
    (r"^a number at least ", "un nombre d'au moins "),
    (r"^a number at most ", "un nombre d'au plus "),
    (r"^a number greater than ", "un nombre supérieur à "),
    (r"^a number le ", "un nombre ≤ "),
    (r"^a number such as ", "un nombre comme "),
    (r"^a number", "un nombre"),
    (r"^a path inside the folder of the bilan file", "un chemin dans le dossier du fichier bilan"),
    (r"^a path relative to the bilan file", "un chemin relatif au fichier bilan"),
    (r"^a quantity whose emissions a float can hold", "une quantité dont les émissions tiennent dans un nombre"),
    (r"^a quantity in ", "une quantité en "),
    (r"^a quantity of ", "une quantité de "),
    (r"^a quantity such as ", "une quantité comme "),
    (r"^a quantity", "une quantité"),
    (r"^a single document", "un seul document"),
    (r"^a string such as ", "un texte comme "),
    (r"^a unit of ", "une unité de "),
    (r"^a unit with powers between -12 and 12, such as ", "une unité aux puissances de -12 à 12, comme "),
    (r"^a unit such as ", "une unité comme "),
    (r"^a valid bool", "un booléen valide"),
    (r"^a valid timestamp", "une date valide"),
    (r"^a value only under a named column", "une valeur seulement sous une colonne nommée"),
    (r"^a whole number", "un nombre entier"),
    (r"^an \.xlsx file", "un fichier .xlsx"),
    (r"^an account of the chart of accounts, class 1 to 8", "un compte du plan comptable, classe 1 à 8"),
    (r"^at most ([\d,]+) values repeated through aliases \(\*name\)",
     r"au plus \1 valeurs répétées par des alias (*nom)"),
    (r"^at most 100 characters and at most 4 powers, each a plain number such as ",
     "au plus 100 caractères et 4 puissances, chacune un nombre simple comme "),
    (r"^at most (\S+) MB", r"au plus \1 Mo"),
    (r"^at most (\d+) levels", r"au plus \1 niveaux"),
    (r"^cells separated by Q and text in double quotes ",
     r"des cellules séparées par \1 et le texte entre guillemets "),
    (r"^days on site \+ telework days <= 7", "jours sur site + jours de télétravail <= 7"),
    (r"^each column once", "chaque colonne une seule fois"),
    (r"^each id once", "chaque identifiant une seule fois"),
    (r"^each key once per mapping", "chaque clé une seule fois par mapping"),
    (r"^each site once under sites", "chaque site une seule fois sous sites"),
    (r"^energy such as Q, or a site with ", r"une énergie comme \1, ou un site avec "),
    (r"^finite quantities and factors", "des quantités et des facteurs finis"),
    (r"^oui or non \(yes or no\)", "oui ou non"),
    (r"^plain YAML values \(text, numbers, lists, mappings\)",
     "des valeurs YAML simples (texte, nombres, listes, mappings)"),
    (r"^shares summing to 1 within ", "des parts de somme 1, à une tolérance près de "),
    (r"^text that the encoding can hold", "du texte que l'encodage peut écrire"),
    (r"^text; a quantity needs its unit, ", "du texte ; une quantité demande son unité, "),
    (r"^the (\d+) FEC columns, tab or pipe separated: ",
     r"les \1 colonnes du FEC, séparées par tabulation ou barre verticale : "),
    (r"^the columns ", "les colonnes "),
    (r"^valid YAML", "du YAML valide"),
    # suggestions
    (r"YAML reads on/off/yes/no/true/false as yes/no: write the number",
     "YAML lit on/off/yes/no/true/false comme oui/non : écrivez le nombre"),
    (r"YAML would silently keep only the last one: merge or rename them",
     "YAML ne garderait que la dernière, sans le dire : fusionnez-les ou renommez-les"),
    (r"add Q to this factor, or rename it", r"ajoutez \1 à ce facteur, ou renommez-le"),
    (r"check for a stray Q in this row", r"cherchez un \1 égaré dans cette ligne"),
    (r"check indentation and quotes around Q and Q", r"vérifiez l'indentation et les guillemets autour de \1 et \2"),
    (r"check the exponents?", "vérifiez les exposants"),
    (r"check the path", "vérifiez le chemin"),
    (r"check the quantities of the activity lines \(an overflow\?\)",
     "vérifiez les quantités des lignes d'activité (un dépassement ?)"),
    (r"copy the CSV file next to the bilan, or pass ", "copiez le fichier CSV à côté du bilan, ou passez "),
    (r"copy the factor table next to the bilan, or pass ", "copiez la table de facteurs à côté du bilan, ou passez "),
    (r"copy the (\w+) next to the bilan, or pass ", r"copiez le \1 à côté du bilan, ou passez "),
    (r"give every technology of the supplier's disclosure, including Q sources mapped to a technology",
     r"donnez chaque technologie de la déclaration du fournisseur, y compris les sources \1 rattachées à une "
     r"technologie"),
    (r"in the spreadsheet use Save As / Enregistrer sous, type CSV", "dans le tableur : Enregistrer sous, type CSV"),
    (r"keep this table in YAML", "gardez cette table en YAML"),
    (r"leave the encoding out to detect it", "n'indiquez pas l'encodage : il sera détecté"),
    (r"merge it with (\S+) or rename one", r"fusionnez-le avec \1 ou renommez l'un des deux"),
    (r"merge the two rows or rename one", "fusionnez les deux lignes ou renommez l'une d'elles"),
    (r"name the column in the header, or move the value", "nommez la colonne dans l'en-tête, ou déplacez la valeur"),
    (r"name the columns in the header, or remove the cells",
     "nommez les colonnes dans l'en-tête, ou supprimez les cellules"),
    (r"the file looks like Latin-1/Windows-1252: ", "le fichier semble en Latin-1/Windows-1252 : "),
    (r"re-save it as UTF-8 \(in LibreOffice: Save As, Q, ",
     r"réenregistrez-le en UTF-8 (dans LibreOffice : Enregistrer sous, \1, "),
    (r"re-save it from the spreadsheet as CSV, UTF-8", "réenregistrez-le depuis le tableur en CSV, UTF-8"),
    (r"re-save it as UTF-8", "réenregistrez-le en UTF-8"),
    (r", or pass encoding=", ", ou passez encoding="),
    (r"remove Q to add a new factor", r"retirez \1 pour ajouter un nouveau facteur"),
    (r"remove the Q separators", r"retirez les séparateurs \1"),
    (r"remove the tag, or fix the value", "retirez l'étiquette, ou corrigez la valeur"),
    (r"remove the tag: data files never run code",
     "retirez l'étiquette : un fichier de données n'exécute jamais de code"),
    (r"see examples/ or ", "voir examples/ ou "),
    (r"split it into several files", "découpez-le en plusieurs fichiers"),
    (r"start from ", "partez de "),
    (r"write UTF-8 \(the default\)", "écrivez en UTF-8 (par défaut)"),
    (r"write the repeated values out, or use fewer aliases", "écrivez les valeurs répétées, ou utilisez moins d'alias"),
    (r"^write (\S+) for ", r"écrivez \1 pour "),
    (r"(.+) needs (\S+): install it with ", r"\1 demande \2 : installez-le avec "),
    # lists of values: 'a', 'b' or 'c'
    (r"(\w|\x00) or (?=\w|\x00)", r"\1 ou "),
    (r"(?<! ); ", " ; "),  # French puts a space before a semicolon
)

#: Summaries of several problems: ``N problem(s) in [KIND] FILE[; no row was imported]``.
_SUMMARY = (r"(\d+ )?problem\(s\) in (?:(factor table|bilan file|FEC mapping|FEC|workbook) )?(.*?)"
            r"(; no row was imported)?")
_KINDS = {"factor table": "la table de facteurs ", "bilan file": "le fichier bilan ", "FEC mapping":
          "la correspondance du FEC ", "FEC": "le FEC ", "workbook": "le classeur ", None: ""}


@cache
def _phrases() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The phrases, compiled on first use (``import coopcarbon`` compiles nothing)."""
    return tuple((re.compile(pattern.replace("Q", _Q)), french) for pattern, french in _PHRASES)


def french(text: str) -> str:
    """A problem's message, expected value or suggestion in French; its values left as written.

    Quoted values, code spans and absolute paths are set aside first, so that an id, a unit or
    a file name is never translated; wording no pattern knows stays in English.
    """
    prefix = re.match(_PREFIX, text)
    if prefix:
        return _translate(prefix.group()) + _translate(text[prefix.end():])
    return _translate(text)


def _translate(text: str) -> str:
    if not text:
        return text
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group())
        return f"\x00{len(kept) - 1}\x00"

    masked = re.sub(_KEPT, keep, text)
    for pattern, replacement in _phrases():
        masked = pattern.sub(replacement, masked)
    return re.sub(_MARK, lambda m: kept[int(m.group(1))], masked)


def french_summary(summary: str) -> str:
    """The summary heading several problems, in French (``2 problem(s) in FILE``)."""
    match = re.fullmatch(_SUMMARY, summary, re.DOTALL)
    if not match:
        return french(summary)
    count, kind, file, nothing = match.groups()
    return (f"{count or ''}problème(s) dans {_KINDS[kind]}{file}"
            + (" ; aucune ligne n'a été importée" if nothing else ""))
