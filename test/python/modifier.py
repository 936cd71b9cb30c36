"""Modifie un classeur comme le ferait un utilisateur dans un autre tableur (openpyxl), puis l'enregistre.

Usage : python3 modifier.py FICHIER.xlsx OPERATIONS.json
Opérations : {"op": "set", "feuille", "cellule", "valeur"}, {"op": "echanger", "feuille", "a", "b"} (deux lignes entières),
{"op": "supprimer_tableau", "feuille", "nom"}, {"op": "gras", "feuille", "cellule"}, {"op": "vider_feuille", "feuille"},
{"op": "fusionner", "feuille", "plage"}, {"op": "liste", "feuille", "cellule", "valeurs"}, …
"""
import json
import sys

import openpyxl
from openpyxl.styles import Font


def appliquer(chemin, operations):
    wb = openpyxl.load_workbook(chemin)
    for op in operations:
        ws = wb[op["feuille"]] if op["feuille"] in wb.sheetnames else None
        if op["op"] == "set":
            valeur = op["valeur"]
            if op.get("date"):
                import datetime
                valeur = datetime.date.fromisoformat(valeur)
            ws[op["cellule"]] = valeur
        elif op["op"] == "echanger":
            a, b = op["a"], op["b"]
            for col in range(1, ws.max_column + 1):
                ca, cb = ws.cell(row=a, column=col), ws.cell(row=b, column=col)
                ca.value, cb.value = cb.value, ca.value
        elif op["op"] == "etendre_tableau":
            # Comme la poignée du tableau tirée vers le bas : la plage grandit, les nouvelles lignes sont vides.
            from openpyxl.utils import range_boundaries, get_column_letter
            t = ws.tables[op["nom"]]
            c1, r1, c2, r2 = range_boundaries(t.ref)
            t.ref = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2 + op['lignes']}"
            t.autoFilter.ref = t.ref
        elif op["op"] == "supprimer_tableau":
            del ws.tables[op["nom"]]
        elif op["op"] == "ajouter_colonne":
            from openpyxl.worksheet.table import TableColumn
            from openpyxl.utils import range_boundaries, get_column_letter
            t = ws.tables[op["nom"]]
            c1, r1, c2, r2 = range_boundaries(t.ref)
            ws.cell(row=r1, column=c2 + 1, value=op["entete"])
            for ligne, valeur in op["valeurs"].items():
                ws.cell(row=int(ligne), column=c2 + 1, value=valeur)
            t.ref = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2 + 1)}{r2}"
            t.tableColumns.append(TableColumn(id=len(t.tableColumns) + 1, name=op["entete"]))
            t.autoFilter.ref = t.ref
        elif op["op"] == "tableau":
            from openpyxl.worksheet.table import Table
            cible = wb[op["feuille"]] if op["feuille"] in wb.sheetnames else wb.create_sheet(op["feuille"])
            for i, ligne in enumerate(op["lignes"]):
                for j, v in enumerate(ligne):
                    cible.cell(row=i + 1, column=j + 1, value=v)
            from openpyxl.utils import get_column_letter
            cible.add_table(Table(displayName=op["nom"], ref=f"A1:{get_column_letter(len(op['lignes'][0]))}{len(op['lignes'])}"))
        elif op["op"] == "renommer_tableau":
            t = ws.tables[op["nom"]]
            t.displayName = op["nouveau"]
            t.name = op["nouveau"]
            del ws.tables[op["nom"]]
            ws.tables[op["nouveau"]] = t
        elif op["op"] == "supprimer_colonne":
            ws.delete_cols(op["colonne"])
            t = ws.tables[op["nom"]]
            from openpyxl.utils import range_boundaries, get_column_letter
            c1, r1, c2, r2 = range_boundaries(t.ref)
            t.ref = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2 - 1)}{r2}"
            t.autoFilter.ref = t.ref
            del t.tableColumns[op["colonne"] - c1]
            for k, tc in enumerate(t.tableColumns):
                tc.id = k + 1
        elif op["op"] == "renommer_colonne":
            # L'en-tête d'une colonne de tableau renommé, comme par une version antérieure de Pilote LDM.
            t = ws.tables[op["nom"]]
            for tc in t.tableColumns:
                if tc.name == op["ancien"]:
                    tc.name = op["nouveau"]
            from openpyxl.utils import range_boundaries
            c1, r1, c2, _ = range_boundaries(t.ref)
            for c in range(c1, c2 + 1):
                if ws.cell(row=r1, column=c).value == op["ancien"]:
                    ws.cell(row=r1, column=c).value = op["nouveau"]
        elif op["op"] == "graphique":
            from openpyxl.chart import BarChart, Reference
            graphique = BarChart()
            graphique.add_data(Reference(ws, min_col=1, min_row=19, max_row=30))
            ws.add_chart(graphique, op["cellule"])
        elif op["op"] == "note":
            from openpyxl.comments import Comment
            ws[op["cellule"]].comment = Comment(op["texte"], "Utilisateur")
        elif op["op"] == "vider_feuille":
            # Toute la feuille effacée (valeurs, fusions, validations, mises en forme), gardée à sa place.
            index = wb.sheetnames.index(op["feuille"])
            wb.remove(ws)
            wb.create_sheet(op["feuille"], index)
        elif op["op"] == "fusionner":
            ws.merge_cells(op["plage"])
        elif op["op"] == "liste":
            from openpyxl.worksheet.datavalidation import DataValidation
            dv = DataValidation(type="list", formula1='"' + ",".join(op["valeurs"]) + '"')
            dv.add(op["cellule"])
            ws.add_data_validation(dv)
        elif op["op"] == "gras":
            ws[op["cellule"]].font = Font(bold=True, color="FF0000")
        else:
            raise ValueError(op["op"])
    wb.save(chemin)


if __name__ == "__main__":
    with open(sys.argv[2], encoding="utf-8") as f:
        appliquer(sys.argv[1], json.load(f))
