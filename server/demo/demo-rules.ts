import type { Rule } from '../../shared/schemas/rule';
import { DEFAULT_BUYER_ROLES, type Settings } from '../../shared/schemas/settings';

// The demo environment's rules beyond the API-call ladder (server/demo/seed.ts): one for each surface
// the widget has, so a visitor of the demo can reach every one. Each is written in English with
// German and French translations; the demo's language switch sends `user.locale`.

/**
 * Seats, a toast: the demo account has 4 of its 5 seats taken, 80 %. Only while the account is
 * below 70 % of its API calls: above that the API-call ladder is the conversation to have, and a
 * seats pitch should not pop up the moment its banner is dismissed.
 */
const seatsToast: Rule = {
  id: 'seats-toast',
  name: 'Seats nearly all taken: offer a seat pack',
  status: 'live',
  priority: 60,
  surface: 'toast',
  audience: { attr: 'ratio.api_calls', op: 'lt', value: 70 },
  offer: { type: 'seats', addon: 'seat_pack' },
  trigger: {
    type: 'usage',
    metric: 'seats',
    tiers: [
      {
        id: 'p80',
        at: { percent: 80 },
        tone: 'recommend',
        content: {
          title: '{{usage}} of {{limit}} seats taken',
          body: 'Your team is growing. A seat pack adds 5 seats, so the next teammate you invite can start straight away.',
          cta: 'Add 5 seats',
          locales: {
            de: {
              title: '{{usage}} von {{limit}} Plätzen belegt',
              body: 'Ihr Team wächst. Ein Paket mit 5 weiteren Plätzen sorgt dafür, dass die nächste eingeladene Person sofort loslegen kann.',
              cta: '5 Plätze hinzufügen',
            },
            fr: {
              title: '{{usage}} places sur {{limit}} occupées',
              body: 'Votre équipe s’agrandit. Un pack de 5 places permet à la prochaine personne invitée de commencer tout de suite.',
              cta: 'Ajouter 5 places',
            },
          },
        },
      },
    ],
  },
};

/** A modal after the workflow that leads to the feature: the third report export in a week. */
const exportModal: Rule = {
  id: 'reports-export-modal',
  name: 'Exports reports by hand: suggest scheduled reports',
  status: 'live',
  priority: 80,
  surface: 'modal',
  offer: { type: 'upgrade', plan: 'pro' },
  trigger: { type: 'event', event: 'report_exported', count: 3, withinDays: 7 },
  tone: 'recommend',
  content: {
    title: 'Automate this with scheduled reports',
    body: 'You exported {{count}} reports this week. {{offer.plan.name}} emails them to your team on a schedule, so nobody has to press Export again.',
    cta: 'See {{offer.plan.name}}',
    locales: {
      de: {
        title: 'Automatisieren Sie das mit geplanten Berichten',
        body: 'Sie haben diese Woche {{count}} Berichte exportiert. {{offer.plan.name}} schickt sie Ihrem Team automatisch per E-Mail, ganz ohne Export-Klick.',
        cta: '{{offer.plan.name}} ansehen',
      },
      fr: {
        title: 'Automatisez cela avec les rapports planifiés',
        body: 'Vous avez exporté {{count}} rapports cette semaine. {{offer.plan.name}} les envoie automatiquement à votre équipe, sans plus jamais cliquer sur Exporter.',
        cta: 'Voir {{offer.plan.name}}',
      },
    },
  },
};

/** An inline card in the billing page's `data-upshift-slot="billing"`, from 40 % of the API calls. */
const billingCard: Rule = {
  id: 'billing-usage-card',
  name: 'Billing page: usage so far and what Pro adds',
  status: 'live',
  priority: 50,
  surface: 'inline',
  slot: 'billing',
  offer: { type: 'upgrade', plan: 'next' },
  trigger: {
    type: 'usage',
    metric: 'api_calls',
    tiers: [
      {
        id: 'p40',
        at: { percent: 40 },
        tone: 'inform',
        content: {
          title: 'Room to grow with {{offer.plan.name}}',
          body: 'Your team has used {{percent}} of this month’s {{limit}} {{metric}}. {{offer.plan.name}} includes 100,000 a month, 25 seats, scheduled reports and anomaly alerts.',
          cta: 'Switch to {{offer.plan.name}}',
          locales: {
            de: {
              title: 'Mehr Spielraum mit {{offer.plan.name}}',
              body: 'Ihr Team hat {{percent}} der {{limit}} API-Aufrufe dieses Monats verbraucht. {{offer.plan.name}} bietet 100.000 im Monat, 25 Plätze, geplante Berichte und Anomalie-Warnungen.',
              cta: 'Zu {{offer.plan.name}} wechseln',
            },
            fr: {
              title: 'De la marge avec {{offer.plan.name}}',
              body: 'Votre équipe a utilisé {{percent}} des {{limit}} appels API de ce mois-ci. {{offer.plan.name}} inclut 100 000 appels par mois, 25 places, les rapports planifiés et les alertes d’anomalies.',
              cta: 'Passer à {{offer.plan.name}}',
            },
          },
        },
      },
    ],
  },
};

/** The explanation panel of a locked feature, with the catalog's customer quote and a 14-day trial. */
const scheduledReportsPanel: Rule = {
  id: 'scheduled-reports-trial',
  name: 'Locked scheduled reports: offer a 14-day trial',
  status: 'live',
  priority: 40,
  surface: 'panel',
  offer: { type: 'trial', feature: 'scheduled_reports', days: 14 },
  trigger: { type: 'feature', feature: 'scheduled_reports' },
  content: {
    title: 'Get every dashboard in your inbox',
    body: 'Your team gets the numbers before the Monday meeting, without anyone exporting them. Scheduled reports are part of {{offer.plan.name}}; try them free for {{offer.days}} days on your current plan.',
    cta: 'Start the {{offer.days}}-day trial',
    locales: {
      de: {
        title: 'Jedes Dashboard in Ihrem Posteingang',
        body: 'Ihr Team hat die Zahlen vor dem Montagsmeeting, ohne dass jemand sie exportiert. Geplante Berichte sind Teil von {{offer.plan.name}}; testen Sie sie {{offer.days}} Tage kostenlos mit Ihrem aktuellen Tarif.',
        cta: '{{offer.days}} Tage kostenlos testen',
      },
      fr: {
        title: 'Chaque tableau de bord dans votre boîte mail',
        body: 'Votre équipe a les chiffres avant la réunion du lundi, sans que personne ne les exporte. Les rapports planifiés font partie de {{offer.plan.name}} ; essayez-les gratuitement pendant {{offer.days}} jours avec votre offre actuelle.',
        cta: 'Essayer {{offer.days}} jours',
      },
    },
  },
};

/** The explanation panel of locked anomaly alerts, leading to a conversation with sales (`catalog.salesUrl`). */
const anomalyAlertsPanel: Rule = {
  id: 'anomaly-alerts-sales',
  name: 'Locked anomaly alerts: talk to sales',
  status: 'live',
  priority: 40,
  surface: 'panel',
  offer: { type: 'contact_sales' },
  trigger: { type: 'feature', feature: 'anomaly_alerts' },
  content: {
    title: 'Catch unusual changes the moment they happen',
    body: 'Anomaly alerts come with Pro. Our team can tune them to the metrics you watch most and plan the rollout with you.',
    cta: 'Talk to sales',
    locales: {
      de: {
        title: 'Ungewöhnliche Änderungen sofort erkennen',
        body: 'Anomalie-Warnungen sind Teil von Pro. Unser Team stimmt sie auf die Kennzahlen ab, die Ihnen am wichtigsten sind, und plant die Einführung mit Ihnen.',
        cta: 'Vertrieb kontaktieren',
      },
      fr: {
        title: 'Repérez les changements inhabituels sans attendre',
        body: 'Les alertes d’anomalies font partie de Pro. Notre équipe les règle sur les indicateurs qui comptent le plus pour vous et prépare leur déploiement avec vous.',
        cta: 'Contacter l’équipe commerciale',
      },
    },
  },
};

/** Ladder (100) > export modal (80) > seats toast (60): the banner stays the first rule `Upshift.debug()` lists. */
export const demoSurfaceRules: readonly Rule[] = [exportModal, seatsToast, billingCard, scheduledReportsPanel, anomalyAlertsPanel];

/**
 * The demo's settings: a budget of 20 interruptive prompts a day (the default is 1) so one visitor
 * meets the banner, the toast and the modal in one sitting; the default buyer roles spelt out; and a
 * theme that only matches the host page's font and corners, so the widget's AA contrast is kept.
 */
export const demoSettings: Settings = {
  budget: { day: 20, week: 100 },
  buyerRoles: [...DEFAULT_BUYER_ROLES],
  theme: { radius: '10px', font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' },
};
