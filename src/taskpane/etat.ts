import * as React from 'react';
import { ClasseurIllisible, RapportBloque, messagePourLaPersonne } from '../core/erreurs';
import { Identite, anneeScolaireDe } from '../core/modele/identite';
import type { Constat } from '../core/regles/constats';
import type { AnomalieGrille } from '../core/audit/anomalies';
import type { FeuilleGenerable } from '../core/usages/generation';
import type { Liaison } from '../core/plan/liaisons';
import { OptionsPlan, ResultatAccuseVolet, ResultatConsolidationVolet, ResultatFusionVolet, ResultatRapportVolet, ResultatRepartitionVolet, ResultatVolet, ServicePilote, Verification } from './services';

/** Les tableaux que Pilote LDM génère : leur saisie change ce que le volet montre. */
const TABLES_SURVEILLEES = ['tblAutoEvaluation', 'tblPlanActions', 'tblIndicateurs', 'tblGrilleAudit', 'tblConstatsComplementaires'];
import { OperationAnnulee } from './travail/client';
import { aTelecharger, avertirAvantDeQuitter } from './telechargement';

export type Classeur = { nom: string; contenu: Uint8Array };

const identiteVierge = (): Identite => ({ etablissement: '', rne: '', intituleLabel: '', anneeScolaire: anneeScolaireDe(new Date()), candidatureEnReseau: false });

/** Attend `ms` sans nouvel appel avant d'agir : un collage de 500 cellules ne relance qu'une vérification. */
export function antiRebond(f: () => void, ms: number): () => void {
  let minuteur: ReturnType<typeof setTimeout> | undefined;
  return () => {
    if (minuteur) clearTimeout(minuteur);
    minuteur = setTimeout(f, ms);
  };
}

/**
 * L'état du volet et ses actions, partagés par les trois rôles. Le classeur est la source de vérité : le formulaire
 * montre ce qu'il contient, et seuls les champs modifiés dans le formulaire y sont écrits.
 */
export function usePilote(service: ServicePilote) {
  const [identite, setIdentite] = React.useState<Identite>(identiteVierge);
  const [modifies, setModifies] = React.useState<Set<keyof Identite>>(new Set());
  const [classeur, setClasseur] = React.useState<Classeur | undefined>();
  const [region, setRegion] = React.useState<Classeur | undefined>();
  const [enCours, setEnCours] = React.useState(false);
  const [avancement, setAvancement] = React.useState<string | undefined>();
  const [erreur, setErreur] = React.useState<string | undefined>();
  const [annulee, setAnnulee] = React.useState(false);
  const [dureePlan, setDureePlan] = React.useState<string>('');
  const [resultat, setResultat] = React.useState<ResultatVolet | undefined>();
  const [selection, setSelection] = React.useState<Constat | undefined>();
  const [rapport, setRapport] = React.useState<ResultatRapportVolet | undefined>();
  const [anomalies, setAnomalies] = React.useState<AnomalieGrille[] | undefined>();
  const [consolidation, setConsolidation] = React.useState<ResultatConsolidationVolet | undefined>();
  const [accuse, setAccuse] = React.useState<ResultatAccuseVolet | undefined>();
  const [registreLu, setRegistreLu] = React.useState<ResultatConsolidationVolet['registre'] | undefined>();
  const [aConsolider, setAConsolider] = React.useState<File[]>([]);
  const [repartition, setRepartition] = React.useState<ResultatRepartitionVolet | undefined>();
  const [fusion, setFusion] = React.useState<ResultatFusionVolet | undefined>();
  const [copies, setCopies] = React.useState<File[]>([]);
  const [fiche, setFiche] = React.useState<{ feuille: string; fichier?: Classeur } | undefined>();
  const retour = React.useRef<HTMLDivElement>(null);

  React.useEffect(avertirAvantDeQuitter, []);

  /** Le retour d'une action est montré en haut du volet, là où l'œil est, et reçoit le focus (lecteurs d'écran, clavier). */
  const montrerRetour = () => {
    window.setTimeout(() => {
      retour.current?.scrollIntoView?.({ block: 'nearest' });
      retour.current?.focus();
    }, 0);
  };

  const signaler = (e: unknown) => {
    if (e instanceof OperationAnnulee) setAnnulee(true);
    else setErreur(messagePourLaPersonne(e));
  };

  /** Une action du volet : attente visible (avec « Annuler »), erreur effacée puis dite en français si elle échoue. */
  const enTache = async (tache: () => Promise<void>, echec: (e: unknown) => void = signaler) => {
    setEnCours(true);
    setErreur(undefined);
    setAnnulee(false);
    try {
      await tache();
    } catch (e) {
      echec(e);
    } finally {
      setEnCours(false);
      setAvancement(undefined);
      montrerRetour();
    }
  };

  const reprendreIdentite = async (c?: Classeur): Promise<boolean> => {
    try {
      const lue = await service.lireIdentite(c);
      const renseignee = Object.fromEntries(Object.entries(lue).filter(([, v]) => v !== '' && v !== undefined));
      setIdentite({ ...identiteVierge(), ...renseignee });
      setModifies(new Set());
      return true;
    } catch (e) {
      signaler(e);
      return false;
    }
  };

  /** Montre l'état d'un classeur Pilote LDM dès qu'il est ouvert ou choisi ; un autre classeur n'affiche rien. */
  const montrerEtat = async (c?: Classeur) => {
    try {
      const v = await service.verifier(c);
      if (v) {
        setResultat(v);
        surveiller(v);
      }
    } catch (e) {
      if (!(e instanceof ClasseurIllisible)) signaler(e);
    }
  };

  React.useEffect(() => {
    if (service.mode === 'excel') void reprendreIdentite().then(() => montrerEtat());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const maj = (champ: keyof Identite, v: string | boolean) => {
    setIdentite((avant) => ({ ...avant, [champ]: v }));
    setModifies((m) => new Set(m).add(champ));
  };
  /** Pour un classeur existant (choisi, ou ouvert dans Excel), seulement ce que la personne a changé ; pour un neuf, tout. */
  const identiteAEcrire = (): Partial<Identite> => (classeur || service.mode === 'excel' ? Object.fromEntries([...modifies].map((c) => [c, identite[c]])) : identite);

  const choisirFichier = (f: File | undefined) =>
    enTache(async () => {
      setFiche(undefined);
      setResultat(undefined);
      setRapport(undefined);
      setAnomalies(undefined);
      const choisi = f ? { nom: f.name, contenu: new Uint8Array(await f.arrayBuffer()) } : undefined;
      // Un fichier illisible n'est pas retenu : le volet ne fait pas comme s'il l'avait accepté.
      const lisible = choisi ? await reprendreIdentite(choisi) : true;
      if (!choisi) {
        setIdentite(identiteVierge());
        setModifies(new Set());
      }
      setClasseur(lisible ? choisi : undefined);
      if (choisi && lisible) await montrerEtat(choisi);
    });

  /** Dans Excel, un changement dans un tableau généré ou source relance la vérification, une fois la saisie posée. */
  const surveiller = (r: Verification) => {
    if (!service.surveillerSources) return;
    const sources = r.planActions.indicateurs.filter((i) => i.source).map((i) => i.source!.split('[')[0]);
    service.surveillerSources([...TABLES_SURVEILLEES, ...new Set(sources)], antiRebond(() => void rafraichir(), 800)).catch(() => undefined);
  };

  /** Relit l'état du classeur ouvert (bouton « Actualiser », changement d'un tableau source). */
  const rafraichir = async () => {
    try {
      const v = await service.verifier(classeur);
      setResultat((avant) => (v ? { ...avant, ...v, plan: avant?.plan, fichier: avant?.fichier } : avant));
    } catch (e) {
      signaler(e);
    }
  };

  const generer = (feuilles: FeuilleGenerable[], nouvelleLiaison?: Liaison, plus?: OptionsPlan) => {
    setFiche(undefined);
    setRapport(undefined);
    setAnomalies(undefined);
    return enTache(
      async () => {
        const horizon = feuilles.includes('plan') && dureePlan ? { duree: Number(dureePlan) } : undefined;
        const r = await service.generer(identiteAEcrire(), classeur, feuilles, nouvelleLiaison, { horizon, ...plus });
        surveiller(r);
        setResultat({ ...r, feuillesProduites: feuilles });
        if (r.fichier) setClasseur(r.fichier);
        aTelecharger(r.fichier);
        setModifies(new Set());
      },
      (e) => {
        setResultat(undefined);
        signaler(e);
      },
    );
  };

  const produireRapport = (accepter: boolean) => {
    setFiche(undefined);
    setResultat(undefined);
    return enTache(
      async () => {
        const r = await service.produireRapport(accepter, classeur);
        setRapport(r);
        setAnomalies(r.plan.anomalies.length ? r.plan.anomalies : undefined);
        if (r.fichier) setClasseur(r.fichier);
        aTelecharger(r.fichier);
      },
      (e) => {
        setRapport(undefined);
        if (e instanceof RapportBloque) setAnomalies(e.anomalies as AnomalieGrille[]);
        else signaler(e);
      },
    );
  };

  const consolider = () =>
    enTache(
      async () => {
        setConsolidation(undefined);
        // Jamais le classeur du lycée : un classeur régional à part, nouveau ou choisi dans la section DRAFPIC.
        const r = await service.consolider(aConsolider, region, (faits, total, fichier) => setAvancement(`${faits} / ${total} classeurs lus — ${fichier}`));
        setConsolidation(r);
        setRegistreLu(undefined);
        if (r.fichier) setRegion(r.fichier);
        aTelecharger(r.fichier);
      },
      (e) => {
        setConsolidation(undefined);
        signaler(e);
      },
    );

  /** Le registre des labels du classeur régional (ouvert, ou choisi) : statut et alertes du jour. */
  const lireRegistre = () =>
    enTache(async () => {
      setRegistreLu(await service.lireRegistre(region));
    });

  /** LDM 007 : la lettre à l'établissement ; l'envoi est noté dans le registre du classeur régional. */
  const accuserReception = (rne: string, conforme: boolean) =>
    enTache(async () => {
      setAccuse(undefined);
      const r = await service.accuserReception(rne, conforme, region);
      setAccuse(r);
      if (r.fichier) {
        setRegion(r.fichier);
        // Le classeur régional à télécharger est désormais celui dont le registre note l'envoi.
        setConsolidation((c) => (c?.fichier ? { ...c, fichier: r.fichier } : c));
        aTelecharger(r.fichier);
      }
      aTelecharger(r.lettre);
    });

  /** LDM 005 ou LDM 006 de l'action n°N du plan d'actions. */
  const produireFiche = (genre: 'action' | 'engagement', numero: number) =>
    enTache(async () => {
      setFiche(undefined);
      const r = await service.produireFicheAction(genre, numero, classeur);
      setFiche(r);
      if (r.fichier) setClasseur(r.fichier);
      aTelecharger(r.fichier);
    });

  /** Audit en équipe : la répartition écrite dans la grille du référent, une copie à télécharger par auditeur. */
  const repartirAudit = () =>
    enTache(async () => {
      setFusion(undefined);
      const r = await service.repartirAudit(classeur);
      setRepartition(r);
      if (r.fichier) setClasseur(r.fichier);
      aTelecharger(r.fichier);
      r.copies.forEach((c) => aTelecharger(c.fichier));
    });

  /** Audit en équipe : les copies des auditeurs fusionnées dans la grille du référent. */
  const fusionnerAudit = () =>
    enTache(async () => {
      setRepartition(undefined);
      const r = await service.fusionnerAudit(copies, classeur);
      setFusion(r);
      if (r.fichier) setClasseur(r.fichier);
      aTelecharger(r.fichier);
    });

  const allerA = async (c: Constat) => {
    setSelection(c);
    if (service.selectionner) {
      try {
        await service.selectionner(c.sheet, c.cell);
      } catch (e) {
        signaler(e);
      }
    }
  };

  return {
    service,
    identite,
    maj,
    classeur,
    choisirFichier,
    region,
    choisirRegion: (f: File | undefined) => {
      setRegistreLu(undefined);
      setAccuse(undefined);
      if (f) void f.arrayBuffer().then((b) => setRegion({ nom: f.name, contenu: new Uint8Array(b) }));
      else setRegion(undefined);
    },
    enCours,
    avancement,
    erreur,
    annulee,
    annuler: () => service.annuler(),
    dureePlan,
    setDureePlan,
    resultat,
    rafraichir: () => enTache(rafraichir),
    selection,
    allerA,
    rapport,
    anomalies,
    consolidation,
    aConsolider,
    setAConsolider,
    generer,
    produireRapport,
    consolider,
    accuse,
    accuserReception,
    // Le registre montré : celui qu'on vient de lire, sinon celui de la dernière consolidation.
    registre: registreLu ?? consolidation?.registre,
    lireRegistre,
    fiche,
    produireFiche,
    repartition,
    repartirAudit,
    fusion,
    copies,
    setCopies,
    fusionnerAudit,
    retour,
  };
}

export type Pilote = ReturnType<typeof usePilote>;
