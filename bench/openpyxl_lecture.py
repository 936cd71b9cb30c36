"""La même lecture que la consolidation, faite par un script openpyxl ordinaire : identité, coches PF/C/R/NC, constats.

Usage : python3 openpyxl_lecture.py DOSSIER  → imprime le nombre de classeurs lus et de constats.
"""
import os
import sys

import openpyxl


def lire(chemin):
    wb = openpyxl.load_workbook(chemin, read_only=False, data_only=True)
    pilote = wb["Pilote LDM"]
    rne = pilote["C5"].value
    ws = wb["Grille d'audit"]
    t = ws.tables["tblGrilleAudit"]
    lignes = list(ws[t.ref])
    entetes = [c.value for c in lignes[0]]
    constats = 0
    for ligne in lignes[1:]:
        valeurs = dict(zip(entetes, [c.value for c in ligne]))
        if any(str(valeurs.get(k) or "").strip().lower() in ("x", "✓", "✔") for k in ("PF", "C", "R", "NC")):
            constats += 1
    return rne, constats


if __name__ == "__main__":
    dossier = sys.argv[1]
    n = 0
    total = 0
    for nom in sorted(os.listdir(dossier)):
        if nom.endswith(".xlsx"):
            _, c = lire(os.path.join(dossier, nom))
            n += 1
            total += c
    print(n, total)
