"""Décrit un classeur .xlsx en JSON, lu par openpyxl (un lecteur indépendant de Pilote LDM).

Usage : python3 inspecter.py FICHIER.xlsx [--valeurs]
--valeurs lit les valeurs en cache des formules (après recalcul par LibreOffice) au lieu des formules.
"""
import json
import sys

import openpyxl
from openpyxl.utils import get_column_letter


def decrire(chemin, valeurs):
    wb = openpyxl.load_workbook(chemin, data_only=valeurs)
    sortie = {"feuilles": wb.sheetnames, "noms": {}, "detail": {}}
    try:
        noms = wb.defined_names.definedName  # openpyxl 3.0
    except AttributeError:
        noms = list(wb.defined_names.values())
    for n in noms:
        sortie["noms"][n.name] = n.attr_text
    for ws in wb.worksheets:
        d = {
            "tableaux": {},
            "validations": [],
            "misesEnForme": [],
            "cellules": {},
            "fusions": [str(r) for r in ws.merged_cells.ranges],
            "orientation": ws.page_setup.orientation,
            "papier": ws.page_setup.paperSize,
            "ajusterLargeur": ws.page_setup.fitToWidth,
            "ajusterPage": ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None,
            "lignesRepetees": ws.print_title_rows,
            "zoneImpression": ws.print_area,
            "etat": ws.sheet_state,
            "gras": [],
            "notes": {},
            # Largeur de chaque colonne qui en porte une (lettre → caractères), groupes de colonnes dépliés.
            "largeurs": {},
        }
        for dim in ws.column_dimensions.values():
            if dim.width and dim.customWidth:
                for n in range(dim.min or 1, (dim.max or dim.min or 1) + 1):
                    d["largeurs"][get_column_letter(n)] = dim.width
        for t in ws.tables.values():
            d["tableaux"][t.name] = {"ref": t.ref, "colonnes": [c.name for c in t.tableColumns]}
        for v in ws.data_validations.dataValidation:
            d["validations"].append({"plage": str(v.sqref), "type": v.type, "formule": v.formula1, "erreur": v.errorStyle})
        for plage, regles in ws.conditional_formatting._cf_rules.items():
            for r in regles:
                d["misesEnForme"].append({"plage": str(plage.sqref), "type": r.type, "formules": list(r.formula or [])})
        for ligne in ws.iter_rows():
            for c in ligne:
                if c.font is not None and c.font.b and c.font.color is not None and c.font.color.rgb == "00FF0000":
                    d["gras"].append(c.coordinate)
                if c.comment is not None:
                    d["notes"][c.coordinate] = c.comment.text
                if c.value is not None:
                    v = c.value
                    if not isinstance(v, (str, int, float, bool)):
                        v = str(v)
                    d["cellules"][c.coordinate] = v
        sortie["detail"][ws.title] = d
    return sortie


if __name__ == "__main__":
    print(json.dumps(decrire(sys.argv[1], "--valeurs" in sys.argv), ensure_ascii=False))
