"""Endurance : un dossier complet modifié comme le font les établissements, puis régénéré, cycle après cycle.

À chaque cycle, des modifications tirées au hasard (graine fixe) : preuves longues avec émojis et caractères de
contrôle (tels qu'Excel les enregistre), lignes ajoutées au plan d'actions avec dates, nombres, booléens et liens,
données de l'établissement, zone de texte ; de temps en temps un enregistrement par LibreOffice. Puis
« ldm generate ». Chaque saisie de l'utilisateur est relue par openpyxl avant et après : valeur et type identiques,
zone de texte et graphique identiques octet pour octet. Affiche cellules écrites / cellules perdues.

Usage : python3 bench/soak.py [--cycles N] [--graine G] [--libreoffice-tous K] [--garder DOSSIER]
Code de sortie 1 si une seule cellule est perdue.
"""
import argparse
import datetime
import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
import zipfile

import openpyxl
from openpyxl.utils import get_column_letter, range_boundaries

warnings.simplefilter("ignore")
RACINE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LDM = [shutil.which("node") or "node", os.path.join(RACINE, "bin", "ldm.js")]
sys.path.insert(0, os.path.join(RACINE, "test", "python"))
import contenus  # noqa: E402

F003 = "LDM 003 Auto-évaluation"
F002 = "LDM 002 Plan d'actions"
GRILLE = "Grille d'audit"
EMOJIS = "😀🎓📎👍🏫✅📊🧑‍🏫"
PRODUITES = {"Statut", "Complétude", "Statut de l'action", "Contrôle"}


def ldm(*args):
    r = subprocess.run(LDM + list(args), capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"ldm {' '.join(args)} : code {r.returncode}\n{r.stdout}\n{r.stderr}")
    return r.stdout


def texte(h, longueur):
    morceaux = []
    while sum(len(m) for m in morceaux) < longueur:
        morceaux.append(h.choice(["preuve", "convention", "CA du", "PFMP", "é", "ô", "€", " ", "\n", h.choice(EMOJIS), str(h.randint(1, 999))]))
    return "".join(morceaux)[:longueur]


def table(wb, nom):
    for ws in wb.worksheets:
        if nom in ws.tables:
            return ws, ws.tables[nom]
    return None, None


def lire_table(ws, t):
    c1, r1, c2, r2 = range_boundaries(t.ref)
    entetes = [ws.cell(row=r1, column=c).value for c in range(c1, c2 + 1)]
    return c1, r1, c2, r2, entetes


def valeur(c):
    v = c.value
    if isinstance(v, str) and v.startswith("="):
        return None
    lien = c.hyperlink.target if c.hyperlink is not None else None
    return (type(v).__name__, v.isoformat() if hasattr(v, "isoformat") else v, lien)


def instantane(chemin):
    """Toutes les saisies de l'utilisateur, par clé stable (N° ou texte de l'action), avec leur type."""
    wb = openpyxl.load_workbook(chemin)
    saisies = {}
    ws, t = table(wb, "tblAutoEvaluation")
    if t is not None:
        c1, r1, c2, r2, ent = lire_table(ws, t)
        for r in range(r1 + 1, r2 + 1):
            n = ws.cell(row=r, column=c1).value
            for j, e in enumerate(ent):
                if e in PRODUITES or e in ("N°", "Critère", "Descripteur", "Réseau uniquement"):
                    continue
                v = valeur(ws.cell(row=r, column=c1 + j))
                if v and v[1] is not None:
                    saisies[("003", n, e)] = v
    ws, t = table(wb, "tblPlanActions")
    if t is not None:
        c1, r1, c2, r2, ent = lire_table(ws, t)
        i_actions = ent.index("Actions")
        for r in range(r1 + 1, r2 + 1):
            cle = ws.cell(row=r, column=c1 + i_actions).value
            if not cle:
                continue
            for j, e in enumerate(ent):
                if e in PRODUITES or e == "N°":
                    continue
                v = valeur(ws.cell(row=r, column=c1 + j))
                if v and v[1] is not None:
                    saisies[("002", cle, e)] = v
    for nom in wb.sheetnames:
        if nom.startswith("Données "):
            for row in wb[nom].iter_rows():
                for c in row:
                    v = valeur(c)
                    if v and v[1] is not None:
                        saisies[(nom, c.coordinate)] = v
    return saisies


def empreintes_dessins(chemin):
    with zipfile.ZipFile(chemin) as z:
        return {n: hashlib.sha256(z.read(n)).hexdigest() for n in z.namelist() if re.match(r"xl/(drawings/drawing|charts/)", n)}


def modifier(chemin, h, cycle):
    wb = openpyxl.load_workbook(chemin)
    ws, t = table(wb, "tblAutoEvaluation")
    c1, r1, c2, r2, ent = lire_table(ws, t)
    for _ in range(h.randint(1, 4)):
        r = h.randint(r1 + 1, r2)
        colonne = h.choice([e for e in ent if e not in PRODUITES and e not in ("N°", "Critère", "Critères du label", "Descripteur", "Réseau uniquement", "Sans objet")])
        ws.cell(row=r, column=c1 + ent.index(colonne), value=texte(h, h.choice([20, 300, 2000])))
    if h.random() < 0.5:
        ws, t = table(wb, "tblPlanActions")
        c1, r1, c2, r2, ent = lire_table(ws, t)
        r = r2 + 1
        col = {e: c1 + i for i, e in enumerate(ent)}
        ws.cell(row=r, column=col["Critère"], value=h.randint(1, 8))
        ws.cell(row=r, column=col["Actions"], value=f"Action du cycle {cycle} {h.choice(EMOJIS)}")
        debut = datetime.date(2026, 9, 1) + datetime.timedelta(days=h.randint(0, 300))
        ws.cell(row=r, column=col["Date de début d'action"], value=debut)
        ws.cell(row=r, column=col["Date de fin prévue de l'action"], value=debut + datetime.timedelta(days=h.randint(10, 200)))
        if h.random() < 0.3:
            ws.cell(row=r, column=col["Action finalisée le"], value=debut + datetime.timedelta(days=5))
        ws.cell(row=r, column=col["Objectifs"], value=h.choice([h.randint(1, 100), round(h.random() * 100, 2), "Réduire le décrochage"]))
        if h.random() < 0.4:
            ws.cell(row=r, column=col["Objectifs"]).hyperlink = f"https://exemple.fr/objectif/{cycle}"
        ws.cell(row=r, column=col["Équipe de pilotage"], value=h.choice([True, False, "DDFPT, CPE"]))
        t.ref = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r}"
        if t.autoFilter is not None:
            t.autoFilter.ref = t.ref
    nom = f"Données {cycle // 50}"
    if nom not in wb.sheetnames:
        d = wb.create_sheet(nom)
        d.append(["Année", "Effectif", "Taux", "Commentaire"])
    d = wb[nom]
    for _ in range(h.randint(1, 20)):
        d.append([f"{2020 + h.randint(0, 9)}-{2021 + h.randint(0, 9)}", h.randint(100, 900), round(h.random(), 4), texte(h, 40)])
    wb.save(chemin)
    # Caractère de contrôle tel qu'Excel l'enregistre, écrit dans le paquet (openpyxl le refuse).
    if h.random() < 0.3:
        with zipfile.ZipFile(chemin) as z:
            parties = {n: z.read(n) for n in z.namelist()}
        cle = "xl/sharedStrings.xml"
        if cle in parties:
            sst = parties[cle].decode("utf-8")
            sst = re.sub(r"<t>([^<]{3})", lambda m: "<t>" + m.group(1) + "_x0007_", sst, count=1)
            parties[cle] = sst.encode("utf-8")
            with zipfile.ZipFile(chemin, "w", zipfile.ZIP_DEFLATED) as z:
                for n, c in parties.items():
                    z.writestr(n, c)
    if cycle % 50 == 1:
        contenus.appliquer(chemin, [{"op": "zone_de_texte", "feuille": nom, "texte": f"Note {cycle} {h.choice(EMOJIS)}"}])


def libreoffice(chemin, dossier):
    profil = os.path.join(dossier, "profil-lo")
    sortie = os.path.join(dossier, "lo")
    os.makedirs(sortie, exist_ok=True)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profil}", "--headless", "--convert-to", "xlsx", "--outdir", sortie, chemin], capture_output=True, timeout=180)
    produit = os.path.join(sortie, os.path.basename(chemin))
    if os.path.exists(produit):
        shutil.move(produit, chemin)
        return True
    return False


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--cycles", type=int, default=100)
    a.add_argument("--graine", type=int, default=2026)
    a.add_argument("--libreoffice-tous", type=int, default=25)
    a.add_argument("--garder")
    o = a.parse_args()
    h = random.Random(o.graine)
    dossier = o.garder or tempfile.mkdtemp(prefix="ldm-soak-")
    os.makedirs(dossier, exist_ok=True)
    chemin = os.path.join(dossier, "lycee.xlsx")
    if os.path.exists(chemin):
        os.remove(chemin)
    ldm("generate", chemin, "--etablissement", "Lycée Endurance", "--rne", "0450051L", "--sheets", "autoevaluation,plan,grille")
    ecrites = perdues = allers_lo = 0
    exemples = []
    debut = time.time()
    for cycle in range(1, o.cycles + 1):
        modifier(chemin, h, cycle)
        if o.libreoffice_tous and cycle % o.libreoffice_tous == 0 and shutil.which("soffice"):
            allers_lo += libreoffice(chemin, dossier)
        avant = instantane(chemin)
        dessins = empreintes_dessins(chemin)
        ldm("generate", chemin)
        apres = instantane(chemin)
        ecrites += len(avant)
        for cle, v in avant.items():
            if apres.get(cle) != v:
                perdues += 1
                a = apres.get(cle)
                diff = next((i for i in range(min(len(str(v)), len(str(a)))) if str(v)[i] != str(a)[i]), None)
                print(f"  PERDUE cycle {cycle} {cle} : premier écart au caractère {diff} : {str(v)[max(0, (diff or 0) - 30):(diff or 0) + 30]!r} → {str(a)[max(0, (diff or 0) - 30):(diff or 0) + 30]!r}", flush=True)
                if len(exemples) < 10:
                    exemples.append(f"cycle {cycle} {cle} : {v!r} → {apres.get(cle)!r}")
        apres_dessins = empreintes_dessins(chemin)
        for n, e in dessins.items():
            if apres_dessins.get(n) != e:
                perdues += 1
                exemples.append(f"cycle {cycle} : dessin {n} modifié ou perdu")
        if cycle % 10 == 0 or cycle == o.cycles:
            print(f"cycle {cycle}/{o.cycles} : {ecrites} cellules relues, {perdues} perdues, {allers_lo} allers-retours LibreOffice, {time.time() - debut:.0f} s", flush=True)
    taille = os.path.getsize(chemin)
    print(f"Endurance : {o.cycles} cycles, {ecrites} cellules écrites et relues, {perdues} cellules perdues, {allers_lo} allers-retours LibreOffice, fichier final {taille // 1024} Ko, {time.time() - debut:.0f} s")
    for e in exemples:
        print("  " + e)
    if not o.garder:
        shutil.rmtree(dossier, ignore_errors=True)
    sys.exit(1 if perdues else 0)


if __name__ == "__main__":
    main()
