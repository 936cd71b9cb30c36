"""Signature de style de chaque cellule des feuilles demandées (valeur, gras, taille, couleurs, format, renvoi,
alignement, bordure), mises en forme conditionnelles avec leurs couleurs, et nombre de styles de cellule du classeur."""
import json
import sys
import zipfile
import re

import openpyxl


def rgb(couleur):
    """La couleur RVB, ou la couleur de thème/indexée dite comme telle (jamais un objet)."""
    if couleur is None:
        return None
    if isinstance(couleur.rgb, str):
        return couleur.rgb
    return f"theme:{couleur.theme}" if couleur.type == "theme" else f"indexed:{couleur.indexed}"


def signature(c):
    f = c.font
    return [
        c.value if isinstance(c.value, (str, int, float, bool)) or c.value is None else str(c.value),
        bool(f.b), f.sz, rgb(f.color),
        rgb(c.fill.fgColor) if c.fill is not None and c.fill.fill_type else None,
        c.number_format, bool(c.alignment.wrap_text),
        # « general » est l'alignement par défaut : écrit par LibreOffice dans le style par défaut, absent ailleurs.
        None if c.alignment.horizontal == "general" else c.alignment.horizontal,
        c.border.left.style,
    ]


def main(chemin, feuilles):
    wb = openpyxl.load_workbook(chemin)
    sortie = {"feuilles": {}}
    for nom in feuilles:
        ws = wb[nom]
        cellules = {c.coordinate: signature(c) for ligne in ws.iter_rows() for c in ligne}
        regles = []
        for plage, rs in ws.conditional_formatting._cf_rules.items():
            for r in rs:
                d = r.dxf
                regles.append([str(plage.sqref), r.type, list(r.formula or []),
                               rgb(d.fill.bgColor) if d is not None and d.fill is not None else None,
                               rgb(d.font.color) if d is not None and d.font is not None else None])
        sortie["feuilles"][nom] = {"cellules": cellules, "regles": sorted(regles), "selectionnee": bool(ws.sheet_view.tabSelected)}
    with zipfile.ZipFile(chemin) as z:
        styles = z.read("xl/styles.xml").decode("utf-8")
    sortie["cellXfs"] = int(re.search(r'<cellXfs count="(\d+)"', styles).group(1))
    sortie["dxfs"] = int((re.search(r'<dxfs count="(\d+)"', styles) or re.search(r'()', '')).group(1) or 0)
    json.dump(sortie, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
