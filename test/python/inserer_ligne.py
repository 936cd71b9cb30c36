"""Insère une ligne dans un tableau avec LibreOffice (UNO), comme un utilisateur (Insertion > Lignes au-dessus),
y saisit des valeurs, recalcule et imprime en JSON ce que LibreOffice affiche dans la ligne insérée.

Usage : python3 inserer_ligne.py FICHIER.xlsx FEUILLE LIGNE SAISIES.json COLONNES_A_LIRE [ENREGISTRER_SOUS.xlsx]
  LIGNE : numéro de ligne (1 = première) au-dessus duquel insérer ; SAISIES : {"C": "texte", "K": 5, …} ;
  COLONNES_A_LIRE : lettres séparées par des virgules.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(nom, valeur):
    p = PropertyValue()
    p.Name = nom
    p.Value = valeur
    return p


def colonne(lettres):
    n = 0
    for ch in lettres:
        n = n * 26 + ord(ch) - 64
    return n - 1


def main():
    fichier, feuille, ligne, saisies, a_lire = sys.argv[1], sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4]), sys.argv[5].split(",")
    profil = tempfile.mkdtemp(prefix="lo-uno-")
    tube = "ldm%d" % os.getpid()
    lo = subprocess.Popen(["soffice", "-env:UserInstallation=file://" + profil, "--headless", "--invisible", "--norestore",
                           "--accept=pipe,name=%s;urp;" % tube], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolveur = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(120):
            try:
                ctx = resolveur.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % tube)
                break
            except Exception:
                time.sleep(0.5)
        else:
            raise SystemExit("LibreOffice ne répond pas")
        bureau = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = bureau.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(fichier)), "_blank", 0, (prop("Hidden", True),))
        ws = doc.Sheets.getByName(feuille)
        ws.Rows.insertByIndex(ligne - 1, 1)
        for lettre, valeur in saisies.items():
            cellule = ws.getCellByPosition(colonne(lettre), ligne - 1)
            if isinstance(valeur, (int, float)):
                cellule.setValue(valeur)
            else:
                cellule.setString(valeur)
        doc.calculateAll()
        sortie = {}
        for lettre in a_lire:
            cellule = ws.getCellByPosition(colonne(lettre), ligne - 1)
            sortie[lettre] = {"texte": cellule.getString(), "formule": cellule.getFormula()}
        print(json.dumps(sortie, ensure_ascii=False))
        if len(sys.argv) > 6:
            doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(sys.argv[6])), (prop("FilterName", "Calc MS Excel 2007 XML"),))
        doc.close(True)
    finally:
        lo.terminate()
        try:
            lo.wait(20)
        except Exception:
            lo.kill()


main()
