"""Modifie un classeur comme le ferait un utilisateur dans un autre tableur (openpyxl), puis l'enregistre.

Usage : python3 modifier.py FICHIER.xlsx OPERATIONS.json
Opérations : {"op": "set", "feuille", "cellule", "valeur"}, {"op": "echanger", "feuille", "a", "b"} (deux lignes entières),
{"op": "supprimer_tableau", "feuille", "nom"}, {"op": "gras", "feuille", "cellule"}.
"""
import json
import sys

import openpyxl
from openpyxl.styles import Font


def appliquer(chemin, operations):
    wb = openpyxl.load_workbook(chemin)
    for op in operations:
        ws = wb[op["feuille"]]
        if op["op"] == "set":
            ws[op["cellule"]] = op["valeur"]
        elif op["op"] == "echanger":
            a, b = op["a"], op["b"]
            for col in range(1, ws.max_column + 1):
                ca, cb = ws.cell(row=a, column=col), ws.cell(row=b, column=col)
                ca.value, cb.value = cb.value, ca.value
        elif op["op"] == "supprimer_tableau":
            del ws.tables[op["nom"]]
        elif op["op"] == "gras":
            ws[op["cellule"]].font = Font(bold=True, color="FF0000")
        else:
            raise ValueError(op["op"])
    wb.save(chemin)


if __name__ == "__main__":
    with open(sys.argv[2], encoding="utf-8") as f:
        appliquer(sys.argv[1], json.load(f))
