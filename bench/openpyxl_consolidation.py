"""La consolidation telle qu'un analyste de la DRAFPIC l'écrirait avec openpyxl, au mieux de l'outil :
lecture seule (read_only=True), valeurs en cache (data_only=True), seulement les trois feuilles utiles, parcourues
par plages (iter_rows values_only), et le classeur régional écrit en flux (write_only=True).

Usage : python3 openpyxl_consolidation.py DOSSIER SORTIE.xlsx  → imprime « N établissements, M constats ».
"""
import os
import sys

import openpyxl

COCHES = ("x", "✓", "✔")


def coche(v):
    return str(v or "").strip().lower() in COCHES


def lire(chemin):
    wb = openpyxl.load_workbook(chemin, read_only=True, data_only=True)
    try:
        pilote = wb["Pilote LDM"]
        identite = [r[0] for r in pilote.iter_rows(min_row=4, max_row=8, min_col=3, max_col=3, values_only=True)]
        grille = wb["Grille d'audit"]
        entete = [r[0] for r in grille.iter_rows(min_row=5, max_row=13, min_col=3, max_col=3, values_only=True)]
        comptes = {"PF": 0, "C": 0, "R": 0, "NC": 0}
        constats = []
        for n, critere, _detail, pf, c, r, nc, texte, *_ in grille.iter_rows(min_row=17, max_row=62, max_col=11, values_only=True):
            etats = {"PF": coche(pf), "C": coche(c), "R": coche(r), "NC": coche(nc)}
            for k, v in etats.items():
                comptes[k] += v
            if any(etats.values()) or texte:
                constats.append((critere, n, etats, texte))
        documentes = {}
        if "LDM 003 Auto-évaluation" in wb.sheetnames:
            for n, critere, _d, preuves, *_ in wb["LDM 003 Auto-évaluation"].iter_rows(min_row=19, max_row=64, max_col=9, values_only=True):
                if preuves:
                    documentes[critere] = documentes.get(critere, 0) + 1
        return identite, entete, comptes, constats, documentes
    finally:
        wb.close()


def principal(dossier, sortie):
    region = openpyxl.Workbook(write_only=True)
    synthese = region.create_sheet("Synthèse régionale")
    synthese.append(["RNE", "Établissement", "Intitulé du label", "Type d'audit", "Date de l'audit", "PF", "C", "R", "NC", "Preuves C1", "Preuves C2", "Preuves C3", "Preuves C4", "Preuves C5", "Preuves C6", "Preuves C7", "Preuves C8", "Fichier source"])
    plat = region.create_sheet("Constats")
    plat.append(["RNE", "Établissement", "Critère", "Descripteur", "PF", "C", "R", "NC", "Constat"])
    n = total = 0
    for nom in sorted(os.listdir(dossier)):
        if not nom.endswith(".xlsx"):
            continue
        identite, entete, comptes, constats, documentes = lire(os.path.join(dossier, nom))
        etab, rne, intitule = identite[0], identite[1], identite[2]
        synthese.append([rne, etab, intitule, entete[2], entete[1], comptes["PF"], comptes["C"], comptes["R"], comptes["NC"], *[documentes.get(k, 0) for k in range(1, 9)], nom])
        for critere, numero, etats, texte in constats:
            plat.append([rne, etab, critere, numero, *[int(etats[k]) for k in ("PF", "C", "R", "NC")], texte])
        n += 1
        total += len(constats)
    region.save(sortie)
    print(f"{n} établissements, {total} constats")


if __name__ == "__main__":
    principal(sys.argv[1], sys.argv[2])
